using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>An admin edits match filters and territories over HTTP (anti-forgery, redirects, French errors included).</summary>
public sealed class TerritoriesAndFiltersJourneyTests : SiteTests
{
    private const string FiltersPath = "/admin/annuaire/institutions/cci/filtres";

    [Test]
    public async Task An_admin_adds_then_deletes_a_filter_and_sees_french_errors()
    {
        var client = await SignedInAdminAsync();

        var refused = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, FiltersPath, new Dictionary<string, string>
        {
            ["Input.AcceptedNafCodes"] = "62.02A 99.99Z",
            ["Input.AcceptedLegalForms"] = "SAS",
        }));
        Assert.That(refused.Title, Does.StartWith("Erreur : "));
        Assert.That(refused.QuerySelector("#input-acceptednafcodes-error")!.TextContent, Does.StartWith("Code NAF inconnu : « 99.99Z »."));
        Assert.That(refused.QuerySelector("#input-acceptedlegalforms-error")!.TextContent, Does.Contain("« SAS » ne convient pas"));

        var added = await PdEApplication.SubmitFormAsync(client, FiltersPath, new Dictionary<string, string>
        {
            ["Input.EffectifMin"] = "10",
            ["Input.AcceptedNafCodes"] = "62.02A",
        });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await PdEApplication.ParseAsync(await client.GetAsync(added.Headers.Location));
        Assert.That(page.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("Le filtre a été ajouté."));
        var row = page.QuerySelector("#filtres tbody tr")!.TextContent;
        Assert.That(row, Does.Contain("tous").And.Contain("Effectif minimum : 10 salariés").And.Contain("Codes NAF acceptés : 6202A"));

        var edit = await PdEApplication.ParseAsync(await client.GetAsync(FiltersPath + page.QuerySelector("#filtres a")!.GetAttribute("href")));
        Assert.That(edit.QuerySelector<IHtmlSelectElement>("#input-effectifmin")!.Value, Is.EqualTo("10"));
        Assert.That(edit.QuerySelector<IHtmlInputElement>("#input-acceptednafcodes")!.Value, Is.EqualTo("6202A"));

        var delete = page.QuerySelector<IHtmlFormElement>("#filtres form")!;
        var values = delete.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        var deleted = await client.PostAsync(delete.GetAttribute("action"), new FormUrlEncodedContent(values));
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await client.GetAsync(deleted.Headers.Location));
        Assert.That(after.Body!.TextContent, Does.Contain("Le filtre a été supprimé.").And.Contain("Aucun filtre : toutes les entreprises sont proposées."));
    }

    [Test]
    public async Task The_antenne_filters_page_points_to_the_institution_filters()
    {
        var client = await SignedInAdminAsync();
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var antenneId = await connection.ExecuteScalarAsync<Guid>("select id from directory.antenne where name = 'CCI Lyon Métropole Saint-Étienne Roanne'");

        var page = await PdEApplication.ParseAsync(await client.GetAsync($"/admin/annuaire/antennes/{antenneId}/filtres"));

        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Filtres de mise en relation – CCI Lyon Métropole Saint-Étienne Roanne"));
        Assert.That(page.QuerySelector($"a[href='{FiltersPath}']"), Is.Not.Null);
        Assert.That(page.QuerySelectorAll("input[name='Input.SubjectIds']").Length, Is.EqualTo(5), "the CCI's subjects");
    }

    [Test]
    public async Task An_admin_creates_a_territory_then_assigns_a_whole_territory_to_an_antenne()
    {
        var client = await SignedInAdminAsync();

        var refused = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, "/admin/territoires/personnalise", new Dictionary<string, string>
        {
            ["Input.Name"] = "Bassin d’emploi de Bourg-en-Bresse",
            ["Input.CommuneCodes"] = "1053 99999",
        }));
        Assert.That(refused.QuerySelector("#input-communecodes-error")!.TextContent, Is.EqualTo("Le code « 99999 » n’existe pas dans le code officiel géographique."));

        var created = await PdEApplication.SubmitFormAsync(client, "/admin/territoires/personnalise", new Dictionary<string, string>
        {
            ["Input.Name"] = "Bassin d’emploi de Bourg-en-Bresse",
            ["Input.RegionCode"] = "84",
            ["Input.CommuneCodes"] = "1053\n01004",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var list = await PdEApplication.ParseAsync(await client.GetAsync(created.Headers.Location));
        Assert.That(list.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("« Bassin d’emploi de Bourg-en-Bresse » a été enregistré (2 communes)"));
        var row = list.QuerySelector("#territoires tbody tr")!;
        Assert.That(row.TextContent, Does.Contain("Bassin d’emploi").And.Contain("Auvergne-Rhône-Alpes").And.Contain("2"));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var antenneId = await connection.ExecuteScalarAsync<Guid>("select id from directory.antenne where name = 'Bpifrance Paris'");
        var assignPath = row.QuerySelector("a[href$='/affecter']")!.GetAttribute("href")!;
        var assigned = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, assignPath, new Dictionary<string, string> { ["AntenneId"] = antenneId.ToString() }));
        Assert.That(assigned.QuerySelector("#affectation")!.TextContent, Does.Contain("2 communes ajoutées").And.Contain("Bpifrance Paris"));

        var departement = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, "/admin/territoires/departement-01/affecter", new Dictionary<string, string> { ["AntenneId"] = antenneId.ToString() }));
        Assert.That(departement.QuerySelector("h1")!.TextContent, Is.EqualTo("Affecter Ain (01) à une antenne"));
        Assert.That(departement.QuerySelector("#affectation")!.TextContent, Does.Match(@"\d+ communes ajoutées").And.Contain("(2 déjà couvertes)"));

        var history = await PdEApplication.ParseAsync(await client.GetAsync($"/admin/annuaire/antennes/{antenneId}"));
        Assert.That(history.QuerySelectorAll("table").Last().TextContent, Does.Contain("Affectation du territoire « Ain (01) »").And.Contain("Administrateur de démonstration"));

        var missing = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, assignPath, new Dictionary<string, string>()));
        Assert.That(missing.QuerySelector("#antenneid-error")!.TextContent, Is.EqualTo("Choisissez l’antenne à laquelle affecter le territoire."));
        Assert.That((await client.GetAsync("/admin/territoires/departement-00/affecter")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<HttpClient> SignedInAdminAsync()
    {
        var client = App.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/connexion", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@place-des-entreprises.example.fr",
            ["Input.Password"] = "demo-admin-pde-2026",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in should succeed");
        return client;
    }
}
