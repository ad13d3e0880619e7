using PdE.Shared.Text;

namespace PdE.Shared.Tests.Text;

public sealed class InseeCodesTests
{
    // Moved here from the triage desk's tests with the rule itself, which Stats uses too.
    [TestCase("75111", "75")]
    [TestCase("2A004", "2A")]
    [TestCase("97411", "974")]
    [TestCase(null, null)]
    [TestCase("75", null)]
    public void The_departement_of_a_commune_is_its_first_two_characters_or_three_overseas(string? commune, string? departement) =>
        Assert.That(InseeCodes.DepartementOf(commune), Is.EqualTo(departement));
}
