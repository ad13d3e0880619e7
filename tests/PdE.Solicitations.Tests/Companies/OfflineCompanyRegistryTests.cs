using System.IO.Compression;
using System.Text.Json;
using PdE.Shared.Validation;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.Tests.Companies;

public sealed class OfflineCompanyRegistryTests
{
    private static readonly OfflineCompanyRegistry Registry = new();

    [Test]
    public async Task Every_demo_establishment_has_a_valid_siret_and_a_real_commune_with_its_postcode_unless_abroad()
    {
        var communes = await CommunePostcodesAsync();
        using var file = typeof(OfflineCompanyRegistry).Assembly.GetManifestResourceStream("PdE.Solicitations.Companies.DemoCompanies.json")!;
        var companies = JsonSerializer.Deserialize<List<CompanyPayload>>(file, SearchPayload.JsonOptions)!;

        Assert.That(companies, Has.Count.InRange(15, 20));
        foreach (var company in companies)
        {
            Assert.That(Siret.IsValidSiren(company.Siren), Is.True, company.Siren);
            Assert.That(company.Etablissements!.Count(e => e.EstSiege), Is.EqualTo(1), company.Siren);
            foreach (var siret in company.Etablissements!.Select(e => e.Siret!))
            {
                var found = (await Registry.GetEstablishmentAsync(siret, CancellationToken.None)).Establishment!;
                Assert.That((Siret.IsValid(siret), found.Siren), Is.EqualTo((true, company.Siren)), siret);
                if (!found.IsAbroad)
                {
                    Assert.That(communes.GetValueOrDefault(found.CommuneCode!), Does.Contain(found.Postcode), $"{siret} in {found.CommuneCode}");
                }
            }
        }
    }

    [Test]
    public async Task Finds_the_bakery_of_the_intake_journeys_by_its_siret_with_spaces()
    {
        var lookup = await Registry.GetEstablishmentAsync("732 829 320 00074", CancellationToken.None);

        var bakery = lookup.Establishment!;
        Assert.That((bakery.CompanyName, bakery.EstablishmentName, bakery.CommuneCode, bakery.NafCode, bakery.IsOpen),
            Is.EqualTo(("BOULANGERIE MARTIN", "AU PAIN DE JEANNE", "75111", "10.71C", true)));
    }

    [Test]
    public async Task Finds_companies_by_words_ignoring_accents_case_and_apostrophes()
    {
        var search = await Registry.SearchAsync("conserverie de l’Erdre", CancellationToken.None);

        Assert.That(search.Establishments.Single().CommuneCode, Is.EqualTo("44109"));
    }

    [Test]
    public async Task Lists_every_establishment_of_a_company_with_several()
    {
        var search = await Registry.SearchAsync("transports lefebvre", CancellationToken.None);

        Assert.That(search.Establishments.Select(e => (e.City, e.IsHeadOffice, e.IsOpen)), Is.EquivalentTo(new[]
        {
            ("LILLE", true, true), ("ROUBAIX", false, true), ("DUNKERQUE", false, true), ("ROUBAIX", false, false),
        }));
    }

    [Test]
    public async Task Narrows_to_the_establishments_whose_address_matches_too()
    {
        var search = await Registry.SearchAsync("lefebvre dunkerque", CancellationToken.None);

        Assert.That(search.Establishments.Single().EstablishmentName, Is.EqualTo("LEFEBVRE LOGISTIQUE PORTUAIRE"));
    }

    [Test]
    public async Task Knows_a_ceased_company_as_closed()
    {
        var search = await Registry.SearchAsync("imprimerie gutenberg", CancellationToken.None);

        Assert.That(search.Establishments.Single().IsOpen, Is.False);
    }

    [Test]
    public async Task Knows_a_head_office_abroad_and_its_french_establishment()
    {
        var search = await Registry.SearchAsync("helvetia precision", CancellationToken.None);

        Assert.That(search.Establishments.Select(e => (e.IsAbroad, e.Country, e.CommuneCode)), Is.EquivalentTo(new[]
        {
            (true, "SUISSE", (string?)null), (false, (string?)null, "38185"),
        }));
    }

    [Test]
    public async Task Knows_sole_proprietors_and_associations()
    {
        var garage = (await Registry.SearchAsync("garage moreau", CancellationToken.None)).Establishments.Single();
        var association = (await Registry.SearchAsync("entreprendre en cote d'or", CancellationToken.None)).Establishments.Single();

        Assert.That((garage.CompanyName, garage.IsSoleProprietor, garage.LegalFormCode), Is.EqualTo(("JEAN MOREAU", true, "1000")));
        Assert.That((association.IsAssociation, association.NafCode), Is.EqualTo((true, "94.99Z")));
    }

    [Test]
    public async Task Says_not_found_for_an_unknown_siret_and_never_unavailable()
    {
        var lookup = await Registry.GetEstablishmentAsync("73282932000082", CancellationToken.None);

        Assert.That((lookup.RegistryUnavailable, lookup.Establishment), Is.EqualTo((false, (RegisteredEstablishment?)null)));
    }

    [Test]
    public async Task Gives_at_most_ten_establishments()
    {
        var search = await Registry.SearchAsync("rue", CancellationToken.None);

        Assert.That(search.Establishments, Has.Count.EqualTo(RegistryQuery.MaximumResults));
    }

    /// <summary>INSEE commune code → its postcodes, from the directory's reference file (official INSEE data).</summary>
    private static async Task<Dictionary<string, string>> CommunePostcodesAsync()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "PdE.sln")))
        {
            directory = directory.Parent!;
        }

        await using var gzip = new GZipStream(File.OpenRead(Path.Combine(directory.FullName, "Modules", "Directory", "ReferenceData", "communes.tsv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var postcodes = new Dictionary<string, string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var columns = line.Split('\t');
            postcodes[columns[0]] = columns[5];
        }

        return postcodes;
    }
}
