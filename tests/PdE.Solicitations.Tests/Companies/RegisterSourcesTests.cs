using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Features.Companies;
using WireMock.ResponseBuilders;

namespace PdE.Solicitations.Tests.Companies;

/// <summary>Which source answers without an API Entreprise token, and what each can tell.</summary>
public sealed class RegisterSourcesTests
{
    [Test]
    public void Chooses_api_entreprise_with_a_token_the_demo_answers_offline_and_the_public_registry_otherwise()
    {
        Assert.That(SourceFor(new() { ["ApiEntreprise:Token"] = "t", ["CompanyRegistry:Mode"] = "offline" }), Is.TypeOf<ApiEntrepriseRegisters>());
        Assert.That(SourceFor(new() { ["CompanyRegistry:Mode"] = "offline" }), Is.TypeOf<OfflineCompanyRegisters>());
        Assert.That(SourceFor(new() { ["CompanyRegistry:Mode"] = "online" }), Is.TypeOf<PublicRegistryRegisters>());
    }

    [Test]
    public void A_token_with_a_recipient_that_is_not_a_siret_stops_the_start_with_a_clear_sentence()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            SourceFor(new() { ["ApiEntreprise:Token"] = "t", ["ApiEntreprise:Recipient"] = "DINUM" }));
        Assert.That(exception!.Message, Does.StartWith("ApiEntreprise:Recipient is \"DINUM\": it must be the SIRET"));
    }

    // Registers as "R" (registered), "N" (not registered) or "?" (unknown): the enum is internal to the module.
    [TestCase("91427368500018", "N", "N", TestName = "A liberal-profession micro-entrepreneur is in neither register")]
    [TestCase("78254193200011", "N", "N", TestName = "An association is in neither register")]
    [TestCase("73282932000074", "R", "R", TestName = "A craft bakery company is in both registers")]
    [TestCase("82674135700014", "N", "R", TestName = "A sole-proprietor mechanic is in the RM only")]
    [TestCase("39861247300031", "R", "N", TestName = "A haulage company is in the RCS only")]
    [TestCase("35600000000048", "?", "?", TestName = "A company that is not a demo one is unknown offline")]
    public async Task The_offline_demo_answers_what_api_entreprise_would(string siret, string rcs, string rm)
    {
        var check = await new OfflineCompanyRegisters().CheckAsync(siret, CancellationToken.None);

        Assert.That(check, Is.EqualTo(new RegistersCheck(Of(rcs), Of(rm), WorthRetrying: false)));
    }

    [Test]
    public void Every_demo_company_has_register_facts_consistent_with_its_craft_activity_code()
    {
        foreach (var company in OfflineCompanyRegistry.DemoCompanies)
        {
            Assert.That(company.Registres, Is.Not.Null, company.Siren);
            var craft = company.Etablissements!.Any(e => e.ActivitePrincipaleRegistreMetier is not null);
            Assert.That(company.Registres!.Rm, Is.EqualTo(craft), $"{company.NomComplet}: in the RM iff it has a craft activity code");
        }
    }

    [Test]
    public async Task Without_a_token_the_public_registry_tells_rm_from_the_craft_activity_code_and_nothing_of_the_rcs()
    {
        using var registry = RegistryStub.Start();
        var body = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Companies", "Responses", "search-by-siret.json"));
        registry.Server.Given(RegistryStub.Search("52183746800029")).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json")
            .WithBody(body.Replace("\"activite_principale_registre_metier\": null", "\"activite_principale_registre_metier\": \"1071CZ\"", StringComparison.Ordinal)));
        registry.Serve("52183746800037", "search-empty.json");
        registry.Server.Given(RegistryStub.Search("73282932000074")).RespondWith(Response.Create().WithStatusCode(503));
        var registers = new PublicRegistryRegisters(registry.Registry);

        Assert.That(await registers.CheckAsync("52183746800029", CancellationToken.None),
            Is.EqualTo(new RegistersCheck(Registration.Unknown, Registration.Registered, WorthRetrying: false)));
        Assert.That(await registers.CheckAsync("52183746800037", CancellationToken.None),
            Is.EqualTo(new RegistersCheck(Registration.Unknown, Registration.Unknown, WorthRetrying: false)), "never \"not registered\" from this source");
        Assert.That(await registers.CheckAsync("73282932000074", CancellationToken.None), Is.EqualTo(RegistersCheck.Failed), "registry down: ask again later");
    }

    private static Registration Of(string code) => code switch
    {
        "R" => Registration.Registered,
        "N" => Registration.NotRegistered,
        _ => Registration.Unknown,
    };

    private static ICompanyRegisters SourceFor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddCompanyRegistry(configuration)
            .AddCompanyRegisters(configuration)
            .BuildServiceProvider();
        return services.GetRequiredService<ICompanyRegisters>();
    }
}
