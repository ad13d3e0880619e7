using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Directory.Tests.AnswerFindExpertsForNeed;

namespace PdE.Directory.Tests.AnswerSearchExperts;

/// <summary>The team's search for any expert to add to a need: by name, institution, antenne or covered commune, accents ignored.</summary>
public sealed class AnswerSearchExpertsTests
{
    private const string Nantes = "44109";
    private const string Reze = "44143";
    private const string SaintNazaire = "44184";

    /// <summary>This test's experts: the demo directory is there too.</summary>
    private static readonly string[] Mine = ["Hélène Leroy", "Loïc Brébant", "Partie Ailleurs"];

    private DirectoryBuilder directory = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        directory = new DirectoryBuilder(DirectoryTestHost.Host.Database.ConnectionString);
        await directory.SubjectAsync("t-export");
        await directory.InstitutionAsync("Chambre des Métiers", slug: "cma-test");
        await directory.InstitutionAsync("CCI", slug: "cci-test");
        await directory.AntenneAsync("CMA Nantes", "Chambre des Métiers", communes: [Nantes]);
        await directory.AntenneAsync("CCI Saint-Nazaire", "CCI", communes: [SaintNazaire]);
        await directory.ExpertAsync("Hélène Leroy", "CMA Nantes", ["t-export"]);
        await directory.ExpertAsync("Loïc Brébant", "CCI Saint-Nazaire", ["t-export"], ownCommunes: [Reze]);
        await directory.ExpertAsync("Partie Ailleurs", "CCI Saint-Nazaire", [], deleted: true);
    }

    [TestCase("helene", new[] { "Hélène Leroy" })]
    [TestCase("LOIC brebant", new[] { "Loïc Brébant" })]
    [TestCase("metiers", new[] { "Hélène Leroy" })]
    [TestCase("cci", new[] { "Loïc Brébant" })]
    [TestCase("nantes", new[] { "Hélène Leroy" })]
    [TestCase("44143", new[] { "Loïc Brébant" })]
    [TestCase("rezé", new[] { "Loïc Brébant" })]
    [TestCase("cci nantes", new string[0])]
    [TestCase("partie", new string[0])]
    [TestCase("   ", new string[0])]
    public async Task Finds_every_word_in_the_expert_s_words_or_covered_communes(string text, string[] expected)
    {
        var found = await SendAsync(new SearchExperts(text, Limit: 100));

        Assert.That(found.Select(e => e.FullName).Where(Mine.Contains), Is.EqualTo(expected));
    }

    [Test]
    public async Task Says_whether_an_account_answers_for_the_expert_and_finds_one_by_id()
    {
        await directory.AccountAsync("Compte d’Hélène", "CMA Nantes", ["Hélène Leroy"]);

        var found = (await SendAsync(new SearchExperts("leroy"))).Single();
        var byId = await SendAsync(new GetExpert(directory.Id("Loïc Brébant")));

        Assert.That((found.FullName, found.HasAccount, found.InstitutionName, found.AntenneName),
            Is.EqualTo(("Hélène Leroy", true, "Chambre des Métiers", "CMA Nantes")));
        Assert.That((byId!.FullName, byId.HasAccount), Is.EqualTo(("Loïc Brébant", false)));
        Assert.That(await SendAsync(new GetExpert(directory.Id("Partie Ailleurs"))), Is.Null, "a deleted expert cannot be added");
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
