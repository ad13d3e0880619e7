using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerGetRegions;

/// <summary>The régions and their départements, from the reference data (for the triage desk's région filter).</summary>
public sealed class AnswerGetRegionsTests
{
    [Test]
    public async Task Lists_the_regions_by_name_with_their_departement_codes()
    {
        var regions = await DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetRegions()).AsTask());

        var byCode = regions.ToDictionary(r => r.Code);
        Assert.That(byCode["11"].Name, Is.EqualTo("Île-de-France"));
        Assert.That(byCode["11"].DepartementCodes, Is.EqualTo(new[] { "75", "77", "78", "91", "92", "93", "94", "95" }));
        Assert.That(byCode["94"].DepartementCodes, Is.EqualTo(new[] { "2A", "2B" }));
        Assert.That(byCode["04"].DepartementCodes, Is.EqualTo(new[] { "974" }));
        Assert.That(regions.Select(r => r.Name).Take(2), Is.EqualTo(new[] { "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté" }));
    }
}
