using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerGetCommuneNames;

/// <summary>Commune names by INSEE code, from the reference data (pages show "Nantes", not "44109").</summary>
public sealed class AnswerGetCommuneNamesTests
{
    private static Task<IReadOnlyDictionary<string, string>> NamesAsync(params string[] codes) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetCommuneNames(codes)).AsTask());

    [Test]
    public async Task Names_known_communes_and_arrondissements_and_leaves_unknown_codes_out()
    {
        var names = await NamesAsync("44109", "75056", "75111", "2A004", "99999", "44109");

        Assert.That(names, Is.EqualTo(new Dictionary<string, string>
        {
            ["44109"] = "Nantes", ["75056"] = "Paris", ["75111"] = "Paris 11e Arrondissement", ["2A004"] = "Ajaccio",
        }));
    }

    [Test]
    public async Task No_code_asks_nothing() => Assert.That(await NamesAsync(), Is.Empty);
}
