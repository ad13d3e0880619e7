using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Shared.Text;

namespace PdE.Directory.Tests.AnswerGetCommuneNames;

/// <summary>Commune names and départements by INSEE code, from the reference data (pages show "Nantes (44000)", not "44109"), and NAF labels by code.</summary>
public sealed class AnswerGetCommuneNamesTests
{
    private static Task<IReadOnlyDictionary<string, CommuneName>> NamesAsync(params string[] codes) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetCommuneNames(codes)).AsTask());

    [Test]
    public async Task Names_known_communes_and_arrondissements_with_their_departement_and_leaves_unknown_codes_out()
    {
        var names = await NamesAsync("44109", "75056", "75111", "2A004", "99999", "44109");

        Assert.That(names.ToDictionary(n => n.Key, n => n.Value.Name), Is.EqualTo(new Dictionary<string, string>
        {
            ["44109"] = "Nantes", ["75056"] = "Paris", ["75111"] = "Paris 11e Arrondissement", ["2A004"] = "Ajaccio",
        }));
        Assert.That(names.ToDictionary(n => n.Key, n => n.Value.DepartementCode), Is.EqualTo(new Dictionary<string, string>
        {
            ["44109"] = "44", ["75056"] = "75", ["75111"] = "75", ["2A004"] = "2A",
        }));
    }

    [Test]
    public async Task Gives_the_postcode_a_french_reader_expects_not_the_insee_code()
    {
        // Paris 11e is INSEE 75111 but postcode 75011, Lyon 3e 69383 and 69003, Marseille 1er 13201 and 13001; Toulouse and
        // Marseille have several postcodes, the lowest is their main one.
        var names = await NamesAsync("75111", "69383", "13201", "13055", "31555", "44109");

        Assert.That(names.ToDictionary(n => n.Key, n => French.Commune(n.Value.Name, n.Value.Postcode)), Is.EqualTo(new Dictionary<string, string>
        {
            ["75111"] = "Paris 11e Arrondissement (75011)", ["69383"] = "Lyon 3e Arrondissement (69003)",
            ["13201"] = "Marseille 1er Arrondissement (13001)", ["13055"] = "Marseille (13001)", ["31555"] = "Toulouse (31000)",
            ["44109"] = "Nantes (44000)",
        }));
    }

    [Test]
    public async Task No_code_asks_nothing() => Assert.That(await NamesAsync(), Is.Empty);

    [Test]
    public async Task Gives_the_label_of_a_naf_code_written_with_or_without_its_dot()
    {
        var labels = await DirectoryTestHost.Host.InScopeAsync(sp =>
            sp.GetRequiredService<IMediator>().Send(new GetNafLabels(["10.71C", "6920z", "99.99X"])).AsTask());

        Assert.That(labels, Is.EqualTo(new Dictionary<string, string>
        {
            ["10.71C"] = "Boulangerie et boulangerie-pâtisserie", ["6920z"] = "Activités comptables",
        }), "an unknown code is left out");
    }
}
