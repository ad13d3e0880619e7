using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>An admin uploads, previews and applies a users file over HTTP (anti-forgery included), invites, and exports.</summary>
public sealed class ImportUsersJourneyTests : SiteTests
{
    private const string ImportPath = "/admin/annuaire/institutions/cci/conseillers/import";

    [Test]
    public async Task An_admin_uploads_a_file_sees_the_preview_applies_it_and_invites_the_new_account()
    {
        var client = await App.SignedInClientAsync();
        var csv = "Antenne;Prénom et nom;Email;Téléphone;Fonction;Vendre à l’international\r\n"
            + "CCI Lyon Métropole Saint-Étienne Roanne;Inès Garnier;ines.garnier@cci.example.fr;04 72 11 22 33;Conseillère export;Hors UE\r\n";

        var preview = await PdEApplication.ParseAsync(await AdminClient.UploadAsync(client, ImportPath, Encoding.UTF8.GetBytes(csv), "conseillers.csv"));

        Assert.That(preview.QuerySelector("#import-summary")!.TextContent, Does.Contain("1 conseiller créé, 0 mis à jour, 0 inchangé"));
        Assert.That(preview.QuerySelector("#import-preview tbody tr")!.TextContent,
            Does.Contain("Inès Garnier").And.Contain("ines.garnier@cci.example.fr").And.Contain("Compte créé (sans invitation)").And.Contain("1 sujet"));

        var result = await PdEApplication.ParseAsync(await AdminClient.PostFormAsync(client, preview.QuerySelector<IHtmlFormElement>("form[action*='handler=Apply']")!));

        Assert.That(result.QuerySelector("#import-result")!.TextContent, Does.Contain("Import appliqué").And.Contain("1 conseiller créé"));
        Assert.That(result.QuerySelectorAll("#import-uninvited tbody tr").Select(r => r.TextContent), Has.One.Contain("Inès Garnier"));

        var invited = await AdminClient.PostFormAsync(client, result.QuerySelector<IHtmlFormElement>("form[action*='handler=Invite']")!);

        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await client.GetAsync(invited.Headers.Location));
        Assert.That(after.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("1 invitation envoyée."));

        // The antenne's page now lists her; the same file again changes nothing.
        var again = await PdEApplication.ParseAsync(await AdminClient.UploadAsync(client, ImportPath, Encoding.UTF8.GetBytes(csv), "conseillers.csv"));
        Assert.That(again.QuerySelector("#import-summary")!.TextContent, Does.Contain("aucun changement"));
    }

    [Test]
    public async Task A_file_with_errors_shows_them_in_french_and_offers_no_apply_button()
    {
        var client = await App.SignedInClientAsync();
        var csv = Encoding.GetEncoding("iso-8859-1").GetBytes("antenne,prénom et nom,email,téléphone,fonction\nCCI Marseille,Zoé,zoe@cci.example.fr,,\n");

        var page = await PdEApplication.ParseAsync(await AdminClient.UploadAsync(client, ImportPath, csv, "conseillers.csv"));

        var errors = page.QuerySelectorAll("#import-errors tbody tr").Select(r => r.TextContent).ToList();
        Assert.That(errors.Single(), Does.Contain("2").And.Contain("Antenne").And.Contain("L’antenne « CCI Marseille » n’existe pas"));
        Assert.That(page.QuerySelector("form[action*='handler=Apply']"), Is.Null);
        Assert.That(page.Title, Does.StartWith("Erreur : "));
    }

    [Test]
    public async Task The_institution_page_links_to_an_export_the_import_reads_back_as_no_change()
    {
        var client = await App.SignedInClientAsync();
        var institution = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/institutions/cci"));
        var exportLink = institution.QuerySelector("a[href$='conseillers/export']")!.GetAttribute("href")!;

        var export = await client.GetAsync(exportLink);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        var preview = await PdEApplication.ParseAsync(await AdminClient.UploadAsync(client, ImportPath, bytes, "conseillers-cci.csv"));

        Assert.That(export.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(export.Content.Headers.ContentDisposition!.FileName, Is.EqualTo("conseillers-cci.csv"));
        Assert.That(bytes[..3], Is.EqualTo(Encoding.UTF8.Preamble.ToArray()));
        Assert.That(Encoding.UTF8.GetString(bytes[3..]), Does.StartWith("Institution;Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte;").And.Contain("Camille Martin").And.Contain("Sophie Bernard"));
        Assert.That(preview.QuerySelector("#import-summary")!.TextContent, Does.Contain("aucun changement"));
        Assert.That(preview.QuerySelector("#import-preview"), Is.Null);
        Assert.That(institution.QuerySelector($"a[href='{ImportPath}']"), Is.Not.Null);
    }
}
