using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Admin;

/// <summary>
/// Issue 3's "done when", end to end over HTTP: an admin imports a 2,000-line file (preview, then apply), gives a subject
/// to the 50 experts of a grid page, and finds both changes in the audit log of the accounts and experts concerned.
/// </summary>
public sealed class DirectoryAcceptanceTests : SiteTests
{
    private const string Antenne = "CCI Lyon Métropole Saint-Étienne Roanne";

    [Test]
    public async Task An_admin_imports_2000_advisors_gives_a_subject_to_50_of_them_and_sees_both_in_the_audit_log()
    {
        var client = await App.SignedInClientAsync();
        var csv = new StringBuilder("Antenne;Prénom et nom;Email;Téléphone;Fonction\r\n");
        for (var n = 1; n <= 2000; n++)
        {
            csv.Append(Antenne).Append(";Conseiller ").Append(n.ToString("0000")).Append(";conseiller").Append(n).Append("@cci-lyon.example.fr;04 72 00 00 00;Conseiller entreprises\r\n");
        }

        const string ImportPath = "/admin/annuaire/institutions/cci/conseillers/import";
        var preview = await PdEApplication.ParseAsync(await AdminClient.UploadAsync(client, ImportPath, Encoding.UTF8.GetBytes(csv.ToString()), "conseillers.csv"));
        Assert.That(preview.QuerySelector("#import-summary")!.TextContent, Does.Contain("2000 conseillers créés"));
        var applied = await PdEApplication.ParseAsync(await AdminClient.PostFormAsync(client, preview.QuerySelector<IHtmlFormElement>("form[action*='handler=Apply']")!));
        Assert.That(applied.QuerySelector("#import-result")!.TextContent, Does.Contain("Import appliqué"));

        // The grid of the antenne, searched down to the imported advisors: tick the 50 rows of its first page.
        var institution = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire/institutions/cci"));
        var antennePath = institution.QuerySelectorAll("table a").First(a => a.TextContent == Antenne).GetAttribute("href")!;
        var grid = await PdEApplication.ParseAsync(await client.GetAsync(antennePath + "?q=cci-lyon.example.fr"));
        var form = grid.QuerySelector<IHtmlFormElement>("form#grille")!;
        var ticked = form.QuerySelectorAll<IHtmlInputElement>("input[name=ExpertIds]").Select(b => b.Value).ToList();
        Assert.That(ticked, Has.Count.EqualTo(50));
        Assert.That(grid.QuerySelector("[role=status]")!.TextContent, Is.EqualTo($"{PdE.Shared.Text.French.Number(2000)} conseillers ou équipes"));
        var subject = form.QuerySelectorAll<IHtmlOptionElement>("#sujet-a-ajouter option").First(o => o.Value != "");
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Concat(ticked.Select(id => new KeyValuePair<string, string>("ExpertIds", id)))
            .Append(new("Bulk.AssignSubjectId", subject.Value));
        var assigned = await client.PostAsync(form.QuerySelector("button[formaction*='handler=AssignSubject']")!.GetAttribute("formaction"), new FormUrlEncodedContent(fields));
        Assert.That(assigned.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await client.GetAsync(assigned.Headers.Location));
        Assert.That(after.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("50 conseillers mis à jour"));

        // Audit: the expert page shows the subject given by the admin; the account page shows the import.
        var expert = await PdEApplication.ParseAsync(await client.GetAsync($"/admin/annuaire/experts/{ticked[0]}"));
        var expertHistory = expert.QuerySelectorAll("table").Last().TextContent;
        Assert.That(expertHistory, Does.Contain("Sujet ajouté").And.Contain("Administrateur de démonstration"));
        var account = await PdEApplication.ParseAsync(await client.GetAsync("/admin/comptes?q=conseiller1999@"));
        var accountPage = await PdEApplication.ParseAsync(await client.GetAsync(account.QuerySelector("tbody a")!.GetAttribute("href")));
        Assert.That(accountPage.QuerySelectorAll("table").Last().TextContent, Does.Contain("Création par import CSV").And.Contain("Administrateur de démonstration"));
    }
}
