using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Companies;
using WireMock.ResponseBuilders;

namespace PdE.Solicitations.Tests.Companies;

public sealed class RechercheEntreprisesRegistryTests
{
    private RegistryStub stub = null!;

    /// <summary>One request through the whole stack first, so no test pays for the JIT of the stub and the HTTP pipeline.</summary>
    [OneTimeSetUp]
    public async Task WarmUpAsync()
    {
        using var warm = RegistryStub.Start();
        warm.Serve("warm up", "search-empty.json");
        await warm.Registry.SearchAsync("warm up", CancellationToken.None);
    }

    [SetUp]
    public void StartStub() => stub = RegistryStub.Start();

    [TearDown]
    public void StopStub() => stub.Dispose();

    [Test]
    public async Task Lists_the_matched_establishments_of_each_company_for_a_name()
    {
        stub.Serve("boulangerie des lilas", "search-by-name.json");

        var search = await stub.Registry.SearchAsync("  boulangerie   des lilas ", CancellationToken.None);

        Assert.That(search.RegistryUnavailable, Is.False);
        Assert.That(search.Establishments.Select(e => e.Siret), Is.EqualTo(new[] { "52183746800029", "52183746800037", "91827364000014" }));
        Assert.That(search.Establishments[0], Is.EqualTo(new RegisteredEstablishment(
            "52183746800029", "521837468", "BOULANGERIE DES LILAS", "AUX LILAS", "5 RUE OBERKAMPF 75011 PARIS", "75011", "PARIS", "75111",
            "10.71C", "5499", "03", "11", new DateOnly(2015, 9, 1), IsHeadOffice: false, IsOpen: true, IsAbroad: false, Country: null,
            IsSoleProprietor: false, IsAssociation: false)));
        Assert.That(search.Establishments[1].IsOpen, Is.False, "an establishment marked F (fermé) is closed");
        var soleProprietor = search.Establishments[2];
        Assert.That((soleProprietor.CompanyName, soleProprietor.EstablishmentName, soleProprietor.IsSoleProprietor, soleProprietor.IsHeadOffice),
            Is.EqualTo(("MARIE LILAS", "LILAS FLEURS", true, true)));
    }

    [Test]
    public async Task Asks_the_api_with_the_query_a_user_agent_and_one_page_of_ten()
    {
        stub.Serve("boulangerie des lilas", "search-by-name.json");

        await stub.Registry.SearchAsync("boulangerie des lilas", CancellationToken.None);

        var request = stub.Server.LogEntries.Single().RequestMessage;
        Assert.That(request.Path, Is.EqualTo("/search"));
        Assert.That(request.Query!["page"].Single(), Is.EqualTo("1"));
        Assert.That(request.Query!["per_page"].Single(), Is.EqualTo("10"));
        Assert.That(request.Headers!["User-Agent"].Single(), Does.StartWith("PlaceDesEntreprises-PdE/"));
    }

    [Test]
    public async Task Gives_the_head_office_for_a_siren_typed_with_spaces()
    {
        stub.Serve("521837468", "search-by-siren.json");

        var search = await stub.Registry.SearchAsync("521 837 468", CancellationToken.None);

        var headOffice = search.Establishments.Single();
        Assert.That((headOffice.Siret, headOffice.IsHeadOffice, headOffice.CommuneCode, headOffice.NafCode, headOffice.HeadcountBracket),
            Is.EqualTo(("52183746800011", true, "75102", "70.10Z", "11")));
    }

    [Test]
    public async Task Finds_an_establishment_by_its_siret()
    {
        stub.Serve("52183746800029", "search-by-siret.json");

        var lookup = await stub.Registry.GetEstablishmentAsync("521 837 468 00029", CancellationToken.None);

        Assert.That(lookup.RegistryUnavailable, Is.False);
        Assert.That(lookup.Establishment?.Siret, Is.EqualTo("52183746800029"));
        Assert.That(lookup.Establishment?.IsOpen, Is.True);
    }

    [Test]
    public async Task Tells_an_unknown_siret_from_an_unavailable_registry()
    {
        stub.Serve("73282932000074", "search-empty.json");

        var lookup = await stub.Registry.GetEstablishmentAsync("73282932000074", CancellationToken.None);

        Assert.That(lookup, Is.EqualTo(new EstablishmentLookup(RegistryUnavailable: false, Establishment: null)));
    }

    [Test]
    public async Task Reports_a_closed_establishment_of_a_ceased_company_as_closed()
    {
        stub.Serve("40298175700014", "search-closed.json");

        var lookup = await stub.Registry.GetEstablishmentAsync("40298175700014", CancellationToken.None);

        Assert.That(lookup.Establishment, Is.Not.Null);
        Assert.That(lookup.Establishment!.IsOpen, Is.False);
        Assert.That(lookup.Establishment.IsAbroad, Is.False);
    }

    [Test]
    public async Task Reports_an_establishment_abroad_with_its_country_and_no_commune()
    {
        stub.Serve("88127403900018", "search-abroad.json");

        var lookup = await stub.Registry.GetEstablishmentAsync("88127403900018", CancellationToken.None);

        var establishment = lookup.Establishment!;
        Assert.That((establishment.IsAbroad, establishment.Country, establishment.CommuneCode, establishment.City, establishment.IsOpen),
            Is.EqualTo((true, "BELGIQUE", (string?)null, "BRUXELLES", true)));
    }

    [Test]
    public async Task Leaves_empty_what_a_partially_public_company_keeps_private()
    {
        var masked = new
        {
            results = new[]
            {
                new
                {
                    siren = "918273640", nom_complet = "[NON-DIFFUSIBLE]", nom_raison_sociale = (string?)null, nature_juridique = "1000",
                    etat_administratif = "A", statut_diffusion = "P",
                    siege = new
                    {
                        siret = "91827364000014", adresse = "[NON-DIFFUSIBLE]", code_postal = "[NON-DIFFUSIBLE]", commune = "93045",
                        libelle_commune = "LES LILAS", etat_administratif = "A", est_siege = true, statut_diffusion_etablissement = "P",
                    },
                    matching_etablissements = Array.Empty<object>(),
                },
            },
            total_results = 1,
        };
        stub.Server.Given(RegistryStub.Search("918273640")).RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(masked));

        var establishment = (await stub.Registry.SearchAsync("918273640", CancellationToken.None)).Establishments.Single();

        Assert.That((establishment.CompanyName, establishment.Address, establishment.Postcode, establishment.CommuneCode, establishment.IsAbroad),
            Is.EqualTo(("918273640", (string?)null, (string?)null, "93045", false)));
    }

    [Test]
    public async Task An_empty_answer_is_no_company_not_an_unavailable_registry()
    {
        stub.Serve("zzz introuvable", "search-empty.json");

        var search = await stub.Registry.SearchAsync("zzz introuvable", CancellationToken.None);

        Assert.That(search, Is.EqualTo(new CompanySearch(false, search.Establishments)));
        Assert.That(search.Establishments, Is.Empty);
    }

    [Test]
    public async Task Does_not_call_the_api_for_too_short_a_text_or_an_impossible_siret()
    {
        var search = await stub.Registry.SearchAsync(" b ", CancellationToken.None);
        var lookup = await stub.Registry.GetEstablishmentAsync("73282932000075", CancellationToken.None);

        Assert.That(search.Establishments, Is.Empty);
        Assert.That(lookup, Is.EqualTo(new EstablishmentLookup(false, null)));
        Assert.That(stub.Calls, Is.Zero);
    }

    [Test]
    public async Task A_404_means_a_wrong_base_url_and_makes_the_registry_unavailable_without_retrying()
    {
        stub.Server.Given(RegistryStub.Search("boulangerie"))
            .RespondWith(Response.Create().WithStatusCode(404).WithBodyAsJson(new { erreur = "Ressource non trouvée." }));

        var search = await stub.Registry.SearchAsync("boulangerie", CancellationToken.None);

        Assert.That(search.RegistryUnavailable, Is.True);
        Assert.That(stub.Calls, Is.EqualTo(1));
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Warning && e.Message.Contains("HTTP 404") && e.Message.Contains("CompanyRegistry:BaseUrl")));
    }

    [Test]
    public async Task Retries_after_a_429_and_returns_the_answer()
    {
        stub.Server.Given(RegistryStub.Search("52183746800029")).InScenario("quota").WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(429).WithBody("<html><body>429 Too Many Requests</body></html>"));
        stub.Server.Given(RegistryStub.Search("52183746800029")).InScenario("quota").WhenStateIs("served")
            .RespondWith(RegistryStub.Answer("search-by-siret.json"));

        var lookup = await stub.Registry.GetEstablishmentAsync("52183746800029", CancellationToken.None);

        Assert.That(lookup.Establishment?.Siret, Is.EqualTo("52183746800029"));
        Assert.That(stub.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Repeated_500s_make_the_registry_unavailable_and_open_the_circuit()
    {
        stub.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/search").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithBodyAsJson(new { erreur = "Erreur interne." }));

        var first = await stub.Registry.SearchAsync("boulangerie", CancellationToken.None);
        var callsBeforeOpen = stub.Calls;
        var second = await stub.Registry.SearchAsync("menuiserie", CancellationToken.None);

        Assert.That((first.RegistryUnavailable, second.RegistryUnavailable), Is.EqualTo((true, true)));
        Assert.That(callsBeforeOpen, Is.EqualTo(3), "one call and two retries");
        Assert.That(stub.Calls, Is.EqualTo(3), "no call while the circuit is open");
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Error && e.Message.StartsWith("Company registry circuit opened")));
    }

    [Test]
    public async Task A_registry_slower_than_the_timeouts_is_unavailable_quickly()
    {
        stub.Dispose();
        stub = RegistryStub.Start(attemptTimeout: "00:00:00.250", totalTimeout: "00:00:01");
        stub.Server.Given(RegistryStub.Search("boulangerie"))
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(4)).WithBodyAsJson(new { results = Array.Empty<object>() }));

        var clock = Stopwatch.StartNew();
        var search = await stub.Registry.SearchAsync("boulangerie", CancellationToken.None);

        Assert.That(search.RegistryUnavailable, Is.True);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2.5)), "the 1 s total timeout bounds the wait, not the 4 s answer");
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e => e.Message.StartsWith("Company registry unavailable")));
    }

    [TestCase("{\"results\": [{\"siren\": \"521837468\", \"nom_comp", TestName = "Malformed_json_truncated_body_makes_the_registry_unavailable_and_is_logged")]
    [TestCase("<html><body>Maintenance</body></html>", TestName = "Malformed_json_html_body_makes_the_registry_unavailable_and_is_logged")]
    [TestCase("{\"erreur\": \"Veuillez indiquer au moins 3 caractères.\"}", TestName = "Malformed_json_without_results_makes_the_registry_unavailable_and_is_logged")]
    [TestCase("{\"results\": {\"siren\": \"521837468\"}}", TestName = "Malformed_json_of_another_shape_makes_the_registry_unavailable_and_is_logged")]
    public async Task Malformed_json_makes_the_registry_unavailable_and_is_logged(string body)
    {
        stub.Server.Given(RegistryStub.Search("boulangerie"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var search = await stub.Registry.SearchAsync("boulangerie", CancellationToken.None);

        Assert.That(search.RegistryUnavailable, Is.True);
        Assert.That(stub.Logs.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(
            e => e.Level == LogLevel.Error && e.Message.Contains("malformed JSON")));
    }

    [Test]
    public async Task The_same_search_again_is_answered_from_the_cache()
    {
        stub.Serve("boulangerie des lilas", "search-by-name.json");

        var first = await stub.Registry.SearchAsync("boulangerie des lilas", CancellationToken.None);
        var second = await stub.Registry.SearchAsync("Boulangerie  des LILAS", CancellationToken.None);

        Assert.That(second.Establishments, Is.EqualTo(first.Establishments));
        Assert.That(stub.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_failure_is_not_cached()
    {
        stub.Server.Given(RegistryStub.Search("boulangerie des lilas")).InScenario("outage").WillSetStateTo("back")
            .RespondWith(Response.Create().WithStatusCode(404));
        stub.Server.Given(RegistryStub.Search("boulangerie des lilas")).InScenario("outage").WhenStateIs("back")
            .RespondWith(RegistryStub.Answer("search-by-name.json"));

        var first = await stub.Registry.SearchAsync("boulangerie des lilas", CancellationToken.None);
        var second = await stub.Registry.SearchAsync("boulangerie des lilas", CancellationToken.None);

        Assert.That((first.RegistryUnavailable, second.RegistryUnavailable), Is.EqualTo((true, false)));
        Assert.That(second.Establishments, Has.Count.EqualTo(3));
    }
}
