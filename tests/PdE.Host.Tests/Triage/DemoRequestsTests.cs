using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Shared.Migrations;

namespace PdE.Host.Tests.Triage;

/// <summary>The embedded default's demo requests: every tab and every warning flag of the triage desk has an example.</summary>
public sealed class DemoRequestsTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task Spread_over_the_tabs_they_show_each_warning_flag_and_a_second_seed_changes_nothing()
    {
        var admin = await App.SignedInClientAsync();
        var response = await admin.GetAsync(TriageDesk.Path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var desk = await PdEApplication.ParseAsync(response);

        // « Mises en relation »: the haulier's energy request and the five sent weeks ago, late for the reminders desk.
        Assert.That(Tabs(desk), Is.EqualTo(new[] { "Reçues 7", "Mises en relation 6", "Abandonnées 1", "Mises de côté 1" }));
        Assert.That(desk.QuerySelectorAll(".solicitation-card .fr-badge").Select(b => b.TextContent).Distinct(), Is.SupersetOf(new[]
        {
            "Doublon possible", "Même entreprise récemment", "Demande déjà abandonnée", "Intermédiaire possible", "Répertoire en attente", "Ni RCS ni RM",
        }));
        Assert.That(desk.QuerySelectorAll(".solicitation-timeline li").Select(li => li.TextContent), Has.Some.StartWith("Commentaire : Deuxième envoi"));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        const string Validations = "select count(*) from solicitations.outbox_message where type like 'PdE.Solicitations.Contracts.SolicitationValidated,%'";
        Assert.That(await connection.ExecuteScalarAsync<long>(Validations), Is.EqualTo(6), "each validated request is routed, once");
        foreach (var seeder in App.Services.GetServices<IDemoDataSeeder>())
        {
            await seeder.SeedAsync(CancellationToken.None);
        }

        Assert.That(Tabs(await PdEApplication.ParseAsync(await admin.GetAsync(TriageDesk.Path))), Is.EqualTo(Tabs(desk)));
        Assert.That(await connection.ExecuteScalarAsync<long>(Validations), Is.EqualTo(6), "a second seed routes nothing again");
        var setAside = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?onglet=mises-de-cote"));
        Assert.That(setAside.QuerySelector(".solicitation-card")!.TextContent, Does.Contain("Liste de blocage : Démarchage commercial (référencement)"));
    }

    [Test]
    public async Task The_flag_filter_keeps_the_requests_raising_it_and_carries_over_to_the_tabs()
    {
        var admin = await App.SignedInClientAsync();

        var page = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?signal=ni-rcs-ni-rm"));

        Assert.That(page.QuerySelectorAll(".solicitation-card h3 label").Select(h => h.TextContent.Trim()), Is.EqualTo(new[] { "Sélectionner la demande de Claire Fontaine" }));
        Assert.That(page.QuerySelector("#signal option[selected]")!.TextContent, Is.EqualTo("Ni RCS ni RM"));
        Assert.That(Tabs(page), Is.EqualTo(new[] { "Reçues 1", "Mises en relation 0", "Abandonnées 0", "Mises de côté 0" }));
        Assert.That(page.QuerySelector("#onglet-abandonnees")!.GetAttribute("href"), Does.Contain("signal=ni-rcs-ni-rm"));
        var duplicates = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?signal=doublon"));
        Assert.That(duplicates.QuerySelectorAll(".solicitation-card h3 label").Select(h => h.TextContent.Trim()),
            Is.EqualTo(new[] { "Sélectionner la demande de Jeanne Martin", "Sélectionner la demande de Jeanne Martin" }));
    }

    private static IEnumerable<string> Tabs(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".triage-tabs a").Select(a => string.Join(' ', a.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
}
