using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>An admin exports, uploads, previews and applies an antennes file over HTTP (anti-forgery included).</summary>
public sealed class ImportAntennesJourneyTests : SiteTests
{
    private const string ImportPath = "/admin/annuaire/institutions/cci/antennes/import";

    [Test]
    public async Task An_admin_uploads_a_file_sees_the_preview_applies_it_and_finds_the_antenne()
    {
        var client = await App.SignedInClientAsync();
        var csv = "Nom;Échelon;Codes communes\r\nCCI Ain – Bourg;locale;1053 01004\r\n";

        var preview = await PdEApplication.ParseAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv)));

        var row = preview.QuerySelector("#import-preview tbody tr")!.TextContent;
        Assert.That(row, Does.Contain("CCI Ain – Bourg").And.Contain("Antenne créée"));
        Assert.That(preview.QuerySelector("#import-warnings")!.TextContent, Does.Contain("« 1053 » a 4 chiffres"));
        var apply = preview.QuerySelector<IHtmlFormElement>("form[action*='handler=Apply']")!;
        var values = apply.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);

        var applied = await client.PostAsync(apply.GetAttribute("action"), new FormUrlEncodedContent(values));

        Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(applied.Headers.Location!.ToString(), Is.EqualTo("/admin/annuaire/institutions/cci"));
        var institution = await PdEApplication.ParseAsync(await client.GetAsync(applied.Headers.Location));
        Assert.That(institution.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("Import appliqué : 1 antenne créée, 0 mise à jour, 0 inchangée."));
        Assert.That(institution.QuerySelectorAll("table a").Select(a => a.TextContent), Does.Contain("CCI Ain – Bourg"));

        // The antenne's page shows who created it, and how.
        var antenneLink = institution.QuerySelectorAll("table a").First(a => a.TextContent == "CCI Ain – Bourg").GetAttribute("href")!;
        var antenne = await PdEApplication.ParseAsync(await client.GetAsync(antenneLink));
        var history = antenne.QuerySelectorAll("table").Last().QuerySelector("tbody tr")!.TextContent;
        Assert.That(history, Does.Contain("Administrateur de démonstration").And.Contain("Création par import CSV"));

        // A token altered by the client is refused: the file it carries is authenticated.
        var tampered = new Dictionary<string, string>(values) { ["Token"] = values["Token"][..^4] + "AAAA" };
        var refused = await PdEApplication.ParseAsync(await client.PostAsync(apply.GetAttribute("action"), new FormUrlEncodedContent(tampered)));
        Assert.That(refused.QuerySelector("#file-upload-error")!.TextContent, Does.Contain("a expiré ou a été modifié"));
    }

    [Test]
    public async Task A_file_with_errors_shows_them_and_offers_no_apply_button()
    {
        var client = await App.SignedInClientAsync();
        var csv = Encoding.GetEncoding("iso-8859-1").GetBytes("nom,echelon,codes communes\nAntenne Été,départementale,99999\n");

        var page = await PdEApplication.ParseAsync(await UploadAsync(client, csv));

        var errors = page.QuerySelectorAll("#import-errors tbody tr").Select(r => r.TextContent).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), "the line with a parse error is not checked against the communes");
        Assert.That(errors[0], Does.Contain("2").And.Contain("Échelon").And.Contain("Échelon inconnu « départementale »"));
        Assert.That(page.QuerySelector("form[action*='handler=Apply']"), Is.Null);
    }

    [Test]
    public async Task A_file_over_10_mb_is_refused_in_french()
    {
        var client = await App.SignedInClientAsync();
        var big = new byte[10 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)'a');

        var page = await PdEApplication.ParseAsync(await UploadAsync(client, big));

        Assert.That(page.QuerySelector("#file-upload-error")!.TextContent, Is.EqualTo("Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers."));
    }

    [Test]
    public async Task The_institution_page_links_to_an_export_the_import_reads_back()
    {
        var client = await App.SignedInClientAsync();
        var institution = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/institutions/cci"));
        var exportLink = institution.QuerySelector("a[href$='antennes.csv']")!.GetAttribute("href")!;

        var export = await client.GetAsync(exportLink);
        var preview = await PdEApplication.ParseAsync(await UploadAsync(client, await export.Content.ReadAsByteArrayAsync()));

        Assert.That(export.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(export.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("antennes-cci.csv"));
        Assert.That(preview.QuerySelectorAll("#import-preview tbody tr").Select(r => r.TextContent),
            Is.Not.Empty.And.All.Contain("Antenne inchangée"));
        Assert.That(institution.QuerySelector($"a[href='{ImportPath}']"), Is.Not.Null);
    }

    [Test]
    public async Task An_antenne_named_like_a_formula_is_exported_as_text_and_the_export_reads_back_unchanged()
    {
        var client = await App.SignedInClientAsync();
        var csv = "Nom;Échelon;Codes communes\r\n\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";locale;75056\r\n@SUM(A1);locale;75056\r\n";
        var preview = await PdEApplication.ParseAsync(await UploadAsync(client, Encoding.UTF8.GetBytes(csv)));
        var applied = await AdminClient.PostFormAsync(client, preview.QuerySelector<IHtmlFormElement>("form[action*='handler=Apply']")!);
        Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var institution = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/institutions/cci"));

        var export = await client.GetAsync(institution.QuerySelector("a[href$='antennes.csv']")!.GetAttribute("href")!);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var again = await PdEApplication.ParseAsync(await UploadAsync(client, bytes));

        var names = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n").Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')[1]).ToList();
        Assert.That(names, Has.Some.EqualTo("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"").And.Some.EqualTo("'@SUM(A1)"));
        Assert.That(names.Where(n => n.TrimStart('"').StartsWith('=') || n.StartsWith('@')), Is.Empty, "no cell opens as a formula");
        Assert.That(again.QuerySelectorAll("#import-preview tbody tr").Select(r => r.TextContent), Is.Not.Empty.And.All.Contain("Antenne inchangée"));
        Assert.That(institution.QuerySelectorAll("table a").Select(a => a.TextContent), Does.Contain("=HYPERLINK(\"http://evil\",\"x\")").And.Contain("@SUM(A1)"));
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file) => AdminClient.UploadAsync(client, ImportPath, file, "antennes.csv");
}
