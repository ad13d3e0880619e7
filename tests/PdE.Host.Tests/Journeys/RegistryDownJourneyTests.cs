using System.Net;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Journeys;

/// <summary>Degraded mode: the company registry does not answer (nothing listens at its address); intake goes on with the SIRET alone.</summary>
public sealed class RegistryDownJourneyTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CompanyRegistry:Mode"] = "online",
        ["CompanyRegistry:BaseUrl"] = "http://127.0.0.1:9",
        ["CompanyRegistry:MaxRetries"] = "1",
        ["CompanyRegistry:RetryDelay"] = "00:00:00.010",
        ["CompanyRegistry:AttemptTimeout"] = "00:00:01",
        ["CompanyRegistry:TotalTimeout"] = "00:00:02",
    };

    [Test]
    public async Task The_request_is_accepted_with_a_valid_siret_alone_and_flagged_for_enrichment()
    {
        var client = App.CreateBrowserLikeClient();
        var token = await SubmitAndRouteJourneyTests.StartAsync(client, "autre-demande");

        var search = await PdEApplication.ParseAsync(await client.GetAsync($"/ma-demande/{token}/entreprise?recherche=732+829+320+00074"));
        Assert.That(search.QuerySelector(".fr-alert--warning .fr-alert__title")!.TextContent, Is.EqualTo("Le répertoire des entreprises ne répond pas pour le moment"));
        Assert.That(search.QuerySelector("#input-siret")!.GetAttribute("value"), Is.EqualTo("73282932000074"), "what was typed is offered as the SIRET");

        var invalid = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche=x",
            new Dictionary<string, string> { ["Input.Siret"] = "732 829 320 00075" });
        Assert.That((await PdEApplication.ParseAsync(invalid)).QuerySelector("#input-siret-error")!.TextContent, Does.StartWith("Ce numéro SIRET n’existe pas"));

        var step2 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche=x",
            new Dictionary<string, string> { ["Input.Siret"] = "732 829 320 00074" });
        Assert.That(step2.Headers.Location!.OriginalString, Is.EqualTo($"/ma-demande/{token}/description"));
        var step3 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/description",
            new Dictionary<string, string> { ["Input.Description"] = "Nous cherchons de l’aide pour organiser notre boulangerie." });
        Assert.That(step3.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<(string, bool, string?)>(
                "select status, registry_pending, company_name from solicitations.solicitation where siret = '73282932000074'"),
            Is.EqualTo(("received", true, (string?)null)));
    }

    [Test]
    public async Task A_partner_request_through_the_api_is_accepted_with_the_siret_alone_too()
    {
        var key = await PartnerApi.PartnerApiClient.CreateKeyAsync(App, await App.SignedInClientAsync(), "Clé en mode dégradé");

        var id = await PartnerApi.PartnerApiClient.CreatedIdAsync(
            await PartnerApi.PartnerApiClient.PostAsync(App.CreateClient(), key, PartnerApi.PartnerApiClient.Body(
                "degrade@api-imprimerie.fr", body => body["siret"] = "41985362700018")));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<(string, bool, string?)>(
                "select status, registry_pending, company_name from solicitations.solicitation where id = @id", new { id }),
            Is.EqualTo(("received", true, (string?)null)));
    }
}
