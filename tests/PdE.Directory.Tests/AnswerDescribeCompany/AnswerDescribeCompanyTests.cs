using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerDescribeCompany;

/// <summary>A company's codes in words, for the expert's need page.</summary>
public sealed class AnswerDescribeCompanyTests
{
    private static Task<CompanyDescription> DescribeAsync(string? commune, string? naf, string? headcount) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new DescribeCompany(commune, naf, headcount)).AsTask());

    [Test]
    public async Task Names_the_commune_its_departement_the_activity_and_the_headcount_bracket()
    {
        Assert.That(await DescribeAsync("44109", "10.71C", "03"),
            Is.EqualTo(new CompanyDescription("Nantes", "Loire-Atlantique", "Boulangerie et boulangerie-pâtisserie", "6 à 9 salariés", "44000")));
        Assert.That((await DescribeAsync(null, "1071c", null)).NafLabel, Is.EqualTo("Boulangerie et boulangerie-pâtisserie"), "a code without its dot");
    }

    [Test]
    public async Task Missing_or_unknown_codes_give_no_words() =>
        Assert.That(await DescribeAsync("99999", "99.99Z", "77"), Is.EqualTo(new CompanyDescription(null, null, null, null)));
}
