using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>
/// « Pages partenaires » over HTTP: the team creates a landing with its partner, logo, themes and partner sites, sees its embed
/// code, changes what it offers (one subject, the whole catalogue), archives it and offers it again; wrong input is refused in
/// French with what was typed kept; each landing's ?iframe=1 variant may be framed by its own partner sites only.
/// </summary>
public sealed class LandingsAdminJourneyTests : SiteTests
{
    private const string Partner = "https://www.cma-exemple.fr";

    // A 1×1 PNG: what a partner's logo file starts with is what the page checks.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Test]
    public async Task The_team_creates_edits_archives_and_offers_again_a_partner_page()
    {
        var admin = await App.SignedInClientAsync();
        var list = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/parcours"));
        Assert.That(list.QuerySelectorAll("#pages-partenaires tbody th a").Select(a => a.TextContent), Does.Contain("Relancer votre activité"));

        var created = await SaveAsync(admin, "/admin/parcours/nouveau", new()
        {
            ["Input.Slug"] = ["cma-artisanat"], ["Input.Title"] = ["L’artisanat avec la CMA"], ["Input.Intro"] = ["Un conseiller vous rappelle."],
            ["Input.Partner"] = ["Chambre de métiers et de l’artisanat"], ["Input.Embed"] = ["themes"], ["Input.Themes"] = ["numerique", "difficultes"],
            ["Input.Origins"] = [$"{Partner}/\nhttp://127.0.0.1:8123"],
        }, Png);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(created.Headers.Location!.OriginalString, Is.EqualTo("/admin/parcours/cma-artisanat"));

        var edit = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/parcours/cma-artisanat"));
        Assert.That(edit.QuerySelector("[role=status]")!.TextContent, Does.Contain("La page « L’artisanat avec la CMA » a été créée"));
        Assert.That(edit.QuerySelector<IHtmlTextAreaElement>("#code-integration")!.Value,
            Does.Match("^<iframe src=\"https?://[^\"]+/aide-entreprises/cma-artisanat\\?iframe=1\" title=\"L’artisanat avec la CMA – Place des Entreprises\""));
        Assert.That(edit.QuerySelector<IHtmlTextAreaElement>("#input-origins")!.Value, Is.EqualTo($"{Partner}\nhttp://127.0.0.1:8123"), "stored as origins");

        var visitor = App.CreateBrowserLikeClient();
        var landing = await visitor.GetAsync("/aide-entreprises/cma-artisanat");
        var shown = await PdEApplication.ParseAsync(landing);
        Assert.That(shown.QuerySelector("h1")!.TextContent, Is.EqualTo("L’artisanat avec la CMA"));
        Assert.That(shown.QuerySelector("#partenaire img")!.GetAttribute("src"), Does.StartWith("data:image/png;base64,"));
        Assert.That(shown.QuerySelectorAll("h2.fr-h4").Select(h => h.TextContent), Is.EqualTo(new[] { "Difficultés et prévention", "Numérique" }), "its two themes, in the catalogue's order");
        Assert.That(FrameAncestors(landing), Is.EqualTo("'none'"), "the page itself is never framed");
        var iframe = await visitor.GetAsync("/aide-entreprises/cma-artisanat?iframe=1");
        Assert.That(FrameAncestors(iframe), Is.EqualTo($"'self' {Partner} http://127.0.0.1:8123"));
        Assert.That(iframe.Headers.Contains("X-Frame-Options"), Is.False);
        var other = await visitor.GetAsync("/aide-entreprises/relance?iframe=1");
        Assert.That(FrameAncestors(other), Is.EqualTo("'none'"), "another landing keeps its own (no) partner sites");

        // One subject: its description and the button to its form.
        Assert.That((await SaveAsync(admin, "/admin/parcours/cma-artisanat", new()
        {
            ["Input.Title"] = ["L’artisanat avec la CMA"], ["Input.Intro"] = ["Un conseiller vous rappelle."], ["Input.Embed"] = ["subject"],
            ["Input.Subject"] = ["cybersecurite"], ["Input.Origins"] = [Partner], ["Input.RemoveLogo"] = ["true"],
        })).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var oneSubject = await PdEApplication.ParseAsync(await visitor.GetAsync("/aide-entreprises/cma-artisanat"));
        Assert.That(oneSubject.QuerySelector("#sujet-propose a")!.GetAttribute("href"), Is.EqualTo("/sujets/cybersecurite/demande?parcours=cma-artisanat"));
        Assert.That(oneSubject.QuerySelector("#partenaire"), Is.Null, "no partner any more");
        Assert.That(oneSubject.QuerySelectorAll(".fr-card"), Has.Length.EqualTo(1));

        // The whole catalogue.
        await SaveAsync(admin, "/admin/parcours/cma-artisanat", new()
        {
            ["Input.Title"] = ["L’artisanat avec la CMA"], ["Input.Intro"] = ["Un conseiller vous rappelle."], ["Input.Embed"] = ["catalogue"], ["Input.Origins"] = [Partner],
        });
        var home = await PdEApplication.ParseAsync(await visitor.GetAsync("/"));
        var everything = await PdEApplication.ParseAsync(await visitor.GetAsync("/aide-entreprises/cma-artisanat"));
        Assert.That(everything.QuerySelectorAll("h2.fr-h4").Select(h => h.TextContent), Is.EqualTo(home.QuerySelectorAll(".fr-tile__title a").Select(a => a.TextContent)),
            "every theme of the home page");

        // Archived: gone from the site, from partners' frames and from the partner API's list; offered again, back.
        var archive = (await PdEApplication.ParseAsync(await admin.GetAsync("/admin/parcours/cma-artisanat"))).QuerySelector<IHtmlFormElement>("form[action*='handler=Archive']")!;
        Assert.That((await PostAsync(admin, archive)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await visitor.GetAsync("/aide-entreprises/cma-artisanat")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await visitor.GetAsync("/aide-entreprises/cma-artisanat?iframe=1")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var archived = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/parcours/cma-artisanat"));
        Assert.That(archived.QuerySelector("#page-archivee"), Is.Not.Null);
        Assert.That((await PostAsync(admin, archived.QuerySelector<IHtmlFormElement>("form[action*='handler=Archive']")!)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await visitor.GetAsync("/aide-entreprises/cma-artisanat")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static readonly TestCaseData[] Refusals =
    [
        new TestCaseData("Input.Slug", "Relance", "Input.Slug", "L’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple cci-numerique.").SetName("Bad slug"),
        new TestCaseData("Input.Slug", "relance", "Input.Slug", "L’identifiant « relance » est déjà pris par une autre page : choisissez-en un autre.").SetName("Slug taken"),
        new TestCaseData("Input.Title", "", "Input.Title", "Indiquez le titre de la page.").SetName("No title"),
        new TestCaseData("Input.Origins", "www.partenaire.fr/page", "Input.Origins",
            "« www.partenaire.fr/page » n’est pas l’adresse d’un site : indiquez-la sous la forme https://www.partenaire.fr, sans chemin après le nom du site.").SetName("Bad origin"),
        new TestCaseData("Input.Origins", "http://www.partenaire.fr", "Input.Origins",
            "« http://www.partenaire.fr » n’est pas l’adresse d’un site : indiquez-la sous la forme https://www.partenaire.fr, sans chemin après le nom du site.").SetName("Plain http origin"),
        new TestCaseData("Input.Themes", "", "Input.ThemeSlugs", "Cochez au moins un thème, ou choisissez « Tout le catalogue ».").SetName("No theme"),
        new TestCaseData("Input.Embed", "subject", "Input.SubjectSlug", "Choisissez le sujet que la page propose.").SetName("No subject"),
    ];

    [TestCaseSource(nameof(Refusals))]
    public async Task Wrong_input_is_refused_in_french_and_what_was_typed_is_kept(string field, string value, string errorField, string message)
    {
        var admin = await App.SignedInClientAsync();
        var fields = new Dictionary<string, string[]>
        {
            ["Input.Slug"] = ["nouvelle-page"], ["Input.Title"] = ["Une page"], ["Input.Intro"] = ["Une introduction."], ["Input.Embed"] = ["themes"],
            ["Input.Themes"] = ["numerique"], ["Input.Origins"] = ["https://www.partenaire.fr"],
        };
        fields[field] = value.Length == 0 && field == "Input.Themes" ? [] : [value];

        var response = await SaveAsync(admin, "/admin/parcours/nouveau", fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("title")!.TextContent, Does.StartWith("Erreur"));
        var errors = page.QuerySelectorAll(".fr-error-text, .fr-message--error, .fr-alert--error p").Select(e => e.TextContent.Trim()).ToList();
        Assert.That(errors, Is.EqualTo(new[] { message }), errorField);
        Assert.That(page.QuerySelector<IHtmlInputElement>("#input-intro, [name='Input.Intro']")?.Value ?? page.QuerySelector<IHtmlTextAreaElement>("[name='Input.Intro']")!.Value,
            Is.EqualTo("Une introduction."));
        Assert.That((await App.CreateBrowserLikeClient().GetAsync("/aide-entreprises/nouvelle-page")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing saved");
    }

    [Test]
    public async Task A_logo_that_is_no_png_or_jpeg_is_refused()
    {
        var admin = await App.SignedInClientAsync();
        var response = await SaveAsync(admin, "/admin/parcours/nouveau", new()
        {
            ["Input.Slug"] = ["page-logo"], ["Input.Title"] = ["Une page"], ["Input.Intro"] = ["Une introduction."], ["Input.Embed"] = ["catalogue"],
        }, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray());

        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("#input-logo-erreur")!.TextContent, Is.EqualTo("Le logo doit être une image PNG ou JPEG."));
    }

    private static string FrameAncestors(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split(';').Select(d => d.Trim())
            .Single(d => d.StartsWith("frame-ancestors ", StringComparison.Ordinal))["frame-ancestors ".Length..];

    /// <summary>Posts the page's landing form as a browser would (multipart, its anti-forgery token), with these fields and a logo.</summary>
    private static async Task<HttpResponseMessage> SaveAsync(HttpClient client, string path, Dictionary<string, string[]> fields, byte[]? logo = null)
    {
        var page = await PdEApplication.ParseAsync(await client.GetAsync(path));
        var form = page.QuerySelector<IHtmlFormElement>("form[enctype='multipart/form-data']")!;
        var content = new MultipartFormDataContent();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
        {
            content.Add(new StringContent(input.Value), input.Name!);
        }

        foreach (var (name, values) in fields)
        {
            foreach (var value in values)
            {
                content.Add(new StringContent(value), name);
            }
        }

        if (logo is not null)
        {
            var file = new ByteArrayContent(logo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            content.Add(file, "Input.Logo", "logo.png");
        }

        return await client.PostAsync(path, content);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlFormElement form) => AdminClient.PostFormAsync(client, form);
}
