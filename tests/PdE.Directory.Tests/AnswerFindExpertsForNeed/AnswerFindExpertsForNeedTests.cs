using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerFindExpertsForNeed;

/// <summary>Every coverage rule of the original service.</summary>
public sealed class AnswerFindExpertsForNeedTests
{
    private const string Paris1 = "75101";
    private const string Paris2 = "75102";
    private const string Lyon = "69123";
    private const string Rennes = "35238";

    private DirectoryBuilder directory = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        directory = new DirectoryBuilder(DirectoryTestHost.Host.Database.ConnectionString);
        await directory.SubjectAsync("t-export");
        await directory.SubjectAsync("t-recruter");
        await directory.InstitutionAsync("CCI");
    }

    [Test]
    public async Task An_expert_without_own_communes_covers_the_communes_of_its_antenne()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1, Paris2]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"]);

        Assert.That(await NamesAsync("t-export", Paris2), Is.EqualTo(new[] { "Camille" }));
        Assert.That(await NamesAsync("t-export", Lyon), Is.Empty);
    }

    [Test]
    public async Task Own_communes_override_the_antenne_communes()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1, Paris2]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"], ownCommunes: [Paris1, Lyon]);

        Assert.That(await NamesAsync("t-export", Paris1), Is.EqualTo(new[] { "Camille" }));
        Assert.That(await NamesAsync("t-export", Lyon), Is.EqualTo(new[] { "Camille" }), "an own commune outside the antenne counts");
        Assert.That(await NamesAsync("t-export", Paris2), Is.Empty, "the antenne's communes no longer count for her");
    }

    [Test]
    public async Task Own_communes_of_one_expert_do_not_change_the_coverage_of_its_colleagues()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1, Paris2]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"], ownCommunes: [Paris1]);
        await directory.ExpertAsync("Thomas", "CCI Paris", ["t-export"]);

        Assert.That(await NamesAsync("t-export", Paris2), Is.EqualTo(new[] { "Thomas" }));
        Assert.That(await NamesAsync("t-export", Paris1), Is.EqualTo(new[] { "Camille", "Thomas" }));
    }

    [TestCase("regional")]
    [TestCase("national")]
    public async Task Regional_and_national_antennes_cover_the_communes_they_list(string level)
    {
        await directory.AntenneAsync("CCI Région", "CCI", level, communes: [Paris1, Lyon]);
        await directory.ExpertAsync("Camille", "CCI Région", ["t-export"]);

        Assert.That(await NamesAsync("t-export", Lyon), Is.EqualTo(new[] { "Camille" }));
        Assert.That(await NamesAsync("t-export", Rennes), Is.Empty, "the level alone covers nothing");
    }

    [Test]
    public async Task A_global_zone_expert_covers_every_commune_and_requests_without_one()
    {
        await directory.AntenneAsync("CCI France", "CCI", "national");
        await directory.ExpertAsync("Équipe export", "CCI France", ["t-export"], globalZone: true);

        Assert.That(await NamesAsync("t-export", Rennes), Is.EqualTo(new[] { "Équipe export" }));
        Assert.That(await NamesAsync("t-export", null), Is.EqualTo(new[] { "Équipe export" }));
    }

    [Test]
    public async Task Without_a_commune_only_global_zone_experts_qualify()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"]);

        Assert.That(await NamesAsync("t-export", null), Is.Empty);
    }

    [Test]
    public async Task Only_experts_of_the_subject_qualify()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"]);
        await directory.ExpertAsync("Thomas", "CCI Paris", ["t-recruter"]);

        Assert.That(await NamesAsync("t-recruter", Paris1), Is.EqualTo(new[] { "Thomas" }));
        Assert.That(await NamesAsync("sujet-inconnu", Paris1), Is.Empty);
    }

    [Test]
    public async Task An_archived_subject_routes_to_nobody()
    {
        await directory.SubjectAsync("ancien-sujet", archived: true);
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["ancien-sujet"]);

        Assert.That(await NamesAsync("ancien-sujet", Paris1), Is.Empty);
    }

    [Test]
    public async Task Deleted_experts_antennes_and_institutions_are_left_out()
    {
        await directory.InstitutionAsync("Ancienne institution", deleted: true);
        await directory.AntenneAsync("Antenne fermée", "Ancienne institution", communes: [Paris1]);
        await directory.ExpertAsync("Ancien", "Antenne fermée", ["t-export"]);
        await directory.AntenneAsync("CCI fermée", "CCI", communes: [Paris1], deleted: true);
        await directory.ExpertAsync("Parti", "CCI fermée", ["t-export"]);
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.ExpertAsync("Supprimé", "CCI Paris", ["t-export"], deleted: true);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"]);

        Assert.That(await NamesAsync("t-export", Paris1), Is.EqualTo(new[] { "Camille" }));
    }

    [Test]
    public async Task An_expert_holding_two_variants_of_the_subject_is_proposed_once()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"], variant: "Prospection");
        await directory.AddSubjectAsync("Camille", "t-export", "Assurance prospection");

        Assert.That(await NamesAsync("t-export", Paris1), Is.EqualTo(new[] { "Camille" }));
    }

    [Test]
    public async Task An_expert_moved_to_another_antenne_is_routed_by_the_communes_of_the_new_one()
    {
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.AntenneAsync("CCI Lyon", "CCI", communes: [Lyon]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export", "t-recruter"]);

        await directory.MoveAsync("Camille", "CCI Lyon");

        Assert.That(await NamesAsync("t-export", Lyon), Is.EqualTo(new[] { "Camille" }));
        Assert.That(await NamesAsync("t-recruter", Lyon), Is.EqualTo(new[] { "Camille" }));
        Assert.That(await NamesAsync("t-export", Paris1), Is.Empty);
    }

    [Test]
    public async Task A_subject_held_through_another_institution_than_the_experts_is_not_offered()
    {
        await directory.InstitutionAsync("Bpifrance");
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.AntenneAsync("Bpifrance Paris", "Bpifrance", communes: [Paris1]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export"]);

        await directory.MoveAsync("Camille", "Bpifrance Paris");

        Assert.That(await NamesAsync("t-export", Paris1), Is.Empty, "her subject belongs to the CCI's offer, not Bpifrance's");
    }

    [Test]
    public async Task Returns_each_expert_with_its_antenne_and_institution_ordered_by_institution_antenne_and_name()
    {
        await directory.InstitutionAsync("Bpifrance");
        await directory.AntenneAsync("Bpifrance Paris", "Bpifrance", communes: [Paris1]);
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris1]);
        await directory.AntenneAsync("CCI Arrondissements", "CCI", communes: [Paris1]);
        await directory.ExpertAsync("Zoé", "CCI Paris", ["t-export"]);
        await directory.ExpertAsync("Yves", "CCI Arrondissements", ["t-export"]);
        await directory.ExpertAsync("Alain", "CCI Paris", ["t-export"]);
        await directory.ExpertAsync("Julie", "Bpifrance Paris", ["t-export"]);

        var experts = await FindAsync("t-export", Paris1);

        Assert.That(experts.Select(e => e.FullName), Is.EqualTo(new[] { "Julie", "Yves", "Alain", "Zoé" }));
        Assert.That(experts[0], Is.EqualTo(new ExpertCandidate(
            directory.Id("Julie"), "Julie", "julie@example.fr", directory.Id("Bpifrance Paris"), "Bpifrance Paris", directory.Id("Bpifrance"), "Bpifrance")));
    }

    private static async Task<IReadOnlyList<ExpertCandidate>> FindAsync(string subject, string? commune) =>
        await DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindExpertsForNeed(subject, commune)).AsTask());

    private static async Task<string[]> NamesAsync(string subject, string? commune) =>
        (await FindAsync(subject, commune)).Select(e => e.FullName).ToArray();
}
