using System.Net;
using System.Net.Http.Headers;

namespace PdE.Host.Tests.Hardening;

/// <summary>Ordinary mistakes answer in French with the right status, never a 500.</summary>
public sealed class OrdinaryMistakesTests : SiteTests
{
    [TestCase("/", false)]
    [TestCase("/stats", false)]
    [TestCase("/comment-ca-marche", false)]
    [TestCase("/conseiller", true)]
    [TestCase("/conseiller/besoins", true)]
    [TestCase("/admin/comptes", true)]
    public async Task A_post_to_a_page_without_a_handler_for_it_is_405_with_a_french_page(string path, bool signedIn)
    {
        var client = signedIn ? await App.SignedInClientAsync() : App.CreateBrowserLikeClient();
        var token = await TokenAsync(client);

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), path);
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.TextContent, Does.Contain("Action impossible"));
    }

    [Test]
    public async Task The_error_page_takes_its_status_from_the_address_only()
    {
        var client = App.CreateBrowserLikeClient();

        var forged = await client.PostAsync("/erreur", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "503" }));
        var typed = await client.GetAsync("/erreur?code=503");

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), "a form field does not choose the status");
        Assert.That(typed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), "nor does the query string");
        Assert.That((await client.GetAsync("/erreur/429")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the address does");
    }

    [TestCase("/admin/comptes?etat=")]
    [TestCase("/admin/comptes?etat=inconnu")]
    public async Task A_blank_or_unknown_filter_lists_everyone(string path)
    {
        var admin = await App.SignedInClientAsync();

        var response = await admin.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await PdEApplication.ParseAsync(await client.GetAsync("/suivi"));
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new AssertionException("no anti-forgery token on /suivi");
    }
}

/// <summary>Kestrel's body size limit, as a real client meets it.</summary>
public sealed class OversizedBodyTests : SiteTests
{
    protected override bool ListensOnKestrel => true;

    [Test]
    public async Task A_partner_api_body_over_the_size_limit_is_413_in_french()
    {
        using var http = new HttpClient { BaseAddress = App.KestrelAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var content = new ByteArrayContent(new byte[36 * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/solicitations") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await KeyAsync());

        // As a well-behaved client does with a big body: wait for the server's go-ahead, so the refusal can be read.
        request.Headers.ExpectContinue = true;

        var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Requête trop volumineuse"));
    }

    /// <summary>A valid partner key, created by the demo admin signed in over Kestrel as a browser would.</summary>
    private async Task<string> KeyAsync()
    {
        var admin = new HttpClient(new HttpClientHandler { CookieContainer = new(), AllowAutoRedirect = false }) { BaseAddress = App.KestrelAddress };
        var signedIn = await PdEApplication.SubmitFormAsync(admin, "/connexion", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@place-des-entreprises.example.fr",
            ["Input.Password"] = "demo-admin-pde-2026",
        });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in over Kestrel");
        return await PartnerApi.PartnerApiClient.CreateKeyAsync(App, admin, "Clé du corps trop gros");
    }
}

/// <summary>Pages and exports with personal data are never cached; links sent to people use the configured address.</summary>
public sealed class PersonalDataEdgesTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Site:BaseUrl"] = "https://place-des-entreprises.example.fr" };

    [TestCase("/conseiller/sollicitations")]
    [TestCase("/admin/comptes")]
    [TestCase("/admin/annuaire/institutions/cci/antennes.csv")]
    [TestCase("/conseiller/besoins")]
    public async Task Agents_pages_and_exports_are_not_stored_by_caches(string path)
    {
        var admin = await App.SignedInClientAsync();

        var response = await admin.GetAsync(path);

        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, path);
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True, $"{path}: as antiforgery wants it, so that it does not log a warning on every form page");
    }

    [Test]
    public async Task The_resume_link_shown_at_step_2_uses_the_configured_address_not_the_host_header()
    {
        var client = App.CreateBrowserLikeClient();
        var step1 = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin", ["Input.Email"] = "jeanne.lien@exemple.fr", ["Input.Phone"] = "06 12 34 56 78",
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, step1.Headers.Location);
        request.Headers.Host = "attaquant.example.com";

        var page = await PdEApplication.ParseAsync(await client.SendAsync(request));

        Assert.That(page.QuerySelector(".fr-callout a")!.TextContent, Does.StartWith("https://place-des-entreprises.example.fr/ma-demande/"));
        Assert.That(page.Body!.InnerHtml, Does.Not.Contain("attaquant.example.com"));
    }
}
