using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Directory.Tests.AnswerFindExpertsForNeed;

namespace PdE.Directory.Tests.AnswerFindRoutingCandidates;

/// <summary>
/// The candidates Matching's routing engine chooses from: every expert covering the commune (the rules of FindExpertsForNeed)
/// with how, whether an account answers for it and its filters unapplied; the institutions nobody covers; the subject's state.
/// </summary>
public sealed class AnswerFindRoutingCandidatesTests
{
    private const string Nantes = "44109";
    private const string Reze = "44143";
    private const string SaintNazaire = "44184";

    private DirectoryBuilder directory = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        directory = new DirectoryBuilder(DirectoryTestHost.Host.Database.ConnectionString);
        await directory.SubjectAsync("t-export");
        await directory.SubjectAsync("t-recruter");
        await directory.InstitutionAsync("CCI", slug: "cci-test");
        await directory.AntenneAsync("CCI Nantes", "CCI", communes: [Nantes, Reze]);
    }

    [Test]
    public async Task Tells_how_each_expert_covers_the_commune()
    {
        await directory.AntenneAsync("CCI France", "CCI", "national");
        await directory.ExpertAsync("Par l’antenne", "CCI Nantes", ["t-export"]);
        await directory.ExpertAsync("Par ses communes", "CCI Nantes", ["t-export"], ownCommunes: [Nantes]);
        await directory.ExpertAsync("Partout", "CCI France", ["t-export"], globalZone: true);
        await directory.ExpertAsync("Partout et ici", "CCI Nantes", ["t-export"], ownCommunes: [Nantes], globalZone: true);
        await directory.ExpertAsync("Ailleurs", "CCI Nantes", ["t-export"], ownCommunes: [SaintNazaire]);

        var candidates = await FindAsync("t-export", Nantes);

        Assert.That(candidates.Experts.ToDictionary(e => e.FullName, e => e.Coverage), Is.EqualTo(new Dictionary<string, string>
        {
            ["Partout"] = "GlobalZone",
            ["Par l’antenne"] = "Antenne",
            ["Par ses communes"] = "OwnCommunes",
            ["Partout et ici"] = "OwnCommunes",
        }));
        Assert.That((await FindAsync("t-export", SaintNazaire)).Experts.ToDictionary(e => e.FullName, e => e.Coverage), Is.EqualTo(new Dictionary<string, string>
        {
            ["Partout"] = "GlobalZone",
            ["Ailleurs"] = "OwnCommunes",
            ["Partout et ici"] = "GlobalZone",
        }), "own communes elsewhere: only the zone globale covers Saint-Nazaire for her");
    }

    [Test]
    public async Task Lists_the_same_experts_as_FindExpertsForNeed_without_filters()
    {
        await directory.InstitutionAsync("Bpifrance");
        await directory.AntenneAsync("Bpifrance Ouest", "Bpifrance", "regional", communes: [Nantes, SaintNazaire]);
        await directory.AntenneAsync("CCI fermée", "CCI", communes: [Nantes], deleted: true);
        await directory.ExpertAsync("Zoé", "CCI Nantes", ["t-export"]);
        await directory.ExpertAsync("Alain", "CCI Nantes", ["t-export"], variant: "Prospection");
        await directory.AddSubjectAsync("Alain", "t-export", "Assurance prospection");
        await directory.ExpertAsync("Julie", "Bpifrance Ouest", ["t-export"]);
        await directory.ExpertAsync("Supprimé", "CCI Nantes", ["t-export"], deleted: true);
        await directory.ExpertAsync("Parti", "CCI fermée", ["t-export"]);
        await directory.ExpertAsync("Recruteur", "CCI Nantes", ["t-recruter"]);

        var candidates = await FindAsync("t-export", Nantes);
        var routed = await DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindExpertsForNeed("t-export", Nantes)).AsTask());

        Assert.That(candidates.Experts.Select(e => e.FullName), Is.EqualTo(new[] { "Julie", "Alain", "Zoé" }), "by institution, antenne and name; Alain once");
        Assert.That(candidates.Experts.Select(e => e.ExpertId), Is.EqualTo(routed.Select(e => e.ExpertId)));
    }

    [Test]
    public async Task Describes_each_expert_with_its_antenne_and_institution()
    {
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-export"]);

        var camille = (await FindAsync("t-export", Reze)).Experts.Single();

        Assert.That(camille with { MatchFilters = [] }, Is.EqualTo(new RoutingCandidate(
            directory.Id("Camille"), "Camille", "camille@example.fr", false, directory.Id("CCI Nantes"), "CCI Nantes",
            directory.Id("CCI"), "CCI", "cci-test", "Antenne", [])));
        Assert.That(camille.MatchFilters, Is.Empty);
    }

    [Test]
    public async Task Tells_whether_an_account_not_deleted_answers_for_the_expert()
    {
        await directory.ExpertAsync("Avec compte", "CCI Nantes", ["t-export"]);
        await directory.ExpertAsync("Équipe", "CCI Nantes", ["t-export"]);
        await directory.ExpertAsync("Compte supprimé", "CCI Nantes", ["t-export"]);
        await directory.ExpertAsync("Sans compte", "CCI Nantes", ["t-export"]);
        await directory.AccountAsync("Compte de Camille", "CCI Nantes", ["Avec compte", "Équipe"]);
        await directory.AccountAsync("Compte de Thomas", "CCI Nantes", ["Équipe"]);
        await directory.AccountAsync("Ancien compte", "CCI Nantes", ["Compte supprimé"], deleted: true);

        var candidates = await FindAsync("t-export", Nantes);

        Assert.That(candidates.Experts.ToDictionary(e => e.FullName, e => e.HasAccount), Is.EqualTo(new Dictionary<string, bool>
        {
            ["Avec compte"] = true, ["Compte supprimé"] = false, ["Équipe"] = true, ["Sans compte"] = false,
        }));
    }

    [Test]
    public async Task Carries_every_filter_of_the_experts_antenne_and_institution_unapplied()
    {
        await directory.AntenneAsync("CCI Saint-Nazaire", "CCI", communes: [Nantes]);
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-export"]);
        await directory.ExpertAsync("Thomas", "CCI Saint-Nazaire", ["t-export"]);
        await directory.FilterAsync("CCI", subjects: ["t-recruter"], effectifMin: 50);
        await directory.FilterAsync("CCI Nantes", minYears: 3, maxYears: 10, effectifMax: 20, acceptedNaf: ["6202A"], excludedNaf: ["4711D"],
            acceptedLegalForms: ["5710"], excludedLegalForms: ["1000"]);
        await directory.FilterAsync("CCI Saint-Nazaire", effectifMin: 10);

        var experts = (await FindAsync("t-export", Nantes)).Experts.ToDictionary(e => e.FullName);

        var camille = experts["Camille"].MatchFilters;
        Assert.That(camille, Has.Count.EqualTo(2), "her antenne's and her institution's, even one on another subject; not her colleague's antenne's");
        var ofInstitution = camille.Single(f => f.InstitutionId is not null);
        Assert.That((ofInstitution.InstitutionId, ofInstitution.AntenneId, ofInstitution.SubjectSlugs, ofInstitution.EffectifMin),
            Is.EqualTo((directory.Id("CCI"), (Guid?)null, new[] { "t-recruter" }, (int?)50)));
        var ofAntenne = camille.Single(f => f.AntenneId is not null);
        Assert.That(ofAntenne.AntenneId, Is.EqualTo(directory.Id("CCI Nantes")));
        Assert.That(ofAntenne.InstitutionId, Is.Null);
        Assert.That(ofAntenne.SubjectSlugs, Is.Empty);
        Assert.That((ofAntenne.MinYearsOfExistence, ofAntenne.MaxYearsOfExistence, ofAntenne.EffectifMin, ofAntenne.EffectifMax), Is.EqualTo(((int?)3, (int?)10, (int?)null, (int?)20)));
        Assert.That(ofAntenne.AcceptedNafCodes, Is.EqualTo(new[] { "6202A" }));
        Assert.That(ofAntenne.ExcludedNafCodes, Is.EqualTo(new[] { "4711D" }));
        Assert.That(ofAntenne.AcceptedLegalForms, Is.EqualTo(new[] { "5710" }));
        Assert.That(ofAntenne.ExcludedLegalForms, Is.EqualTo(new[] { "1000" }));

        Assert.That(experts["Thomas"].MatchFilters.Select(f => f.AntenneId ?? f.InstitutionId), Is.EquivalentTo(new[] { directory.Id("CCI Saint-Nazaire"), directory.Id("CCI") }));
    }

    [Test]
    public async Task Filters_changed_by_any_host_are_carried_at_the_next_question()
    {
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-export"]);
        Assert.That((await FindAsync("t-export", Nantes)).Experts.Single().MatchFilters, Is.Empty);

        await directory.FilterAsync("CCI", minYears: 3);
        Assert.That((await FindAsync("t-export", Nantes)).Experts.Single().MatchFilters.Single().MinYearsOfExistence, Is.EqualTo(3));

        await directory.ExecuteAsync("update directory.match_filter set min_years_of_existence = 1");
        Assert.That((await FindAsync("t-export", Nantes)).Experts.Single().MatchFilters.Single().MinYearsOfExistence, Is.EqualTo(1));
    }

    [Test]
    public async Task Lists_the_institutions_offering_the_subject_that_nobody_covers_there()
    {
        await directory.InstitutionAsync("CMA", slug: "cma-test");
        await directory.AntenneAsync("CMA Saint-Nazaire", "CMA", communes: [SaintNazaire]);
        await directory.ExpertAsync("Artisan", "CMA Saint-Nazaire", ["t-export"], variant: "Export");
        await directory.OfferAsync("CMA", "t-export", "Salons");
        await directory.InstitutionAsync("Bpifrance");
        await directory.OfferAsync("Bpifrance", "t-export");
        await directory.InstitutionAsync("Région");
        await directory.OfferAsync("Région", "t-recruter");
        await directory.InstitutionAsync("Fermée", deleted: true);
        await directory.OfferAsync("Fermée", "t-export");
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-export"]);

        var candidates = await FindAsync("t-export", Nantes);

        Assert.That(candidates.InstitutionsWithoutCoverage, Is.EqualTo(new[]
        {
            new UncoveredInstitution(directory.Id("Bpifrance"), "Bpifrance", "test-Bpifrance"),
            new UncoveredInstitution(directory.Id("CMA"), "CMA", "cma-test"),
        }), "CMA once for its two variants; not the CCI, which covers Nantes; not an institution of another subject, nor a deleted one");
        Assert.That((await FindAsync("t-export", SaintNazaire)).InstitutionsWithoutCoverage.Select(i => i.InstitutionName),
            Is.EqualTo(new[] { "Bpifrance", "CCI" }));
    }

    [Test]
    public async Task Names_the_commune()
    {
        Assert.That((await FindAsync("t-export", Nantes)).CommuneName, Is.EqualTo("Nantes"));
        Assert.That((await FindAsync("t-export", "99999")).CommuneName, Is.Null);
        Assert.That((await FindAsync("t-export", null)).CommuneName, Is.Null);
    }

    [Test]
    public async Task Without_a_commune_only_global_zone_experts_are_candidates_and_the_others_uncovered()
    {
        await directory.InstitutionAsync("Bpifrance");
        await directory.AntenneAsync("Bpifrance France", "Bpifrance", "national");
        await directory.ExpertAsync("Partout", "Bpifrance France", ["t-export"], globalZone: true);
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-export"]);

        var candidates = await FindAsync("t-export", null);

        Assert.That(candidates.Experts.Select(e => e.FullName), Is.EqualTo(new[] { "Partout" }));
        Assert.That(candidates.InstitutionsWithoutCoverage.Select(i => i.InstitutionName), Is.EqualTo(new[] { "CCI" }));
    }

    [Test]
    public async Task Tells_an_archived_subject_and_proposes_nobody_for_it()
    {
        await directory.SubjectAsync("t-ancien", archived: true);
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-ancien"]);

        var candidates = await FindAsync("t-ancien", Nantes);

        Assert.That((candidates.SubjectExists, candidates.SubjectArchived), Is.EqualTo((true, true)));
        Assert.That(candidates.Experts, Is.Empty);
        Assert.That(candidates.InstitutionsWithoutCoverage, Is.Empty);
    }

    [Test]
    public async Task Tells_an_unknown_subject()
    {
        var candidates = await FindAsync("t-inconnu", Nantes);

        Assert.That((candidates.SubjectExists, candidates.SubjectArchived), Is.EqualTo((false, false)));
        Assert.That(candidates.Experts, Is.Empty);
        Assert.That((await FindAsync("t-export", Nantes)).SubjectExists, Is.True);
    }

    [Test]
    public async Task Support_experts_are_those_of_the_support_subject_covering_the_commune()
    {
        await directory.ExecuteAsync("update directory.subject set archived_at = now() where is_support"); // the demo's
        await directory.SubjectAsync("t-support", support: true);
        await directory.AntenneAsync("CCI France", "CCI", "national");
        await directory.ExpertAsync("Support local", "CCI Nantes", ["t-support"]);
        await directory.ExpertAsync("Support national", "CCI France", ["t-support"], globalZone: true);
        await directory.ExpertAsync("Support ailleurs", "CCI Nantes", ["t-support"], ownCommunes: [SaintNazaire]);
        await directory.ExpertAsync("Exportateur", "CCI Nantes", ["t-export"]);
        await directory.AccountAsync("Compte", "CCI Nantes", ["Support local"]);
        await directory.FilterAsync("CCI", effectifMin: 10);

        var support = await SupportAsync(Nantes);

        Assert.That(support.Select(e => (e.FullName, e.Coverage, e.HasAccount)), Is.EqualTo(new[]
        {
            ("Support national", "GlobalZone", false), ("Support local", "Antenne", true),
        }));
        Assert.That(support[0].MatchFilters.Single().EffectifMin, Is.EqualTo(10), "the same shape as the candidates, filters carried");
        Assert.That((await SupportAsync(null)).Select(e => e.FullName), Is.EqualTo(new[] { "Support national" }));
    }

    [Test]
    public async Task An_archived_support_subject_gives_no_support_expert()
    {
        await directory.ExecuteAsync("update directory.subject set archived_at = now() where is_support");
        await directory.SubjectAsync("t-support", support: true, archived: true);
        await directory.ExpertAsync("Support local", "CCI Nantes", ["t-support"]);

        Assert.That(await SupportAsync(Nantes), Is.Empty);
    }

    [Test]
    public async Task The_demo_support_team_covers_everywhere()
    {
        var support = await SupportAsync(Nantes);

        Assert.That(support.Select(e => (e.FullName, e.Coverage)), Is.EqualTo(new[] { ("Équipe d’orientation Place des Entreprises", "GlobalZone") }));
    }

    private static Task<RoutingCandidates> FindAsync(string subject, string? commune) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindRoutingCandidates(subject, commune)).AsTask());

    [Test]
    public async Task Gives_the_questions_restricting_institutions_of_the_subject_only()
    {
        await directory.ExpertAsync("Camille", "CCI Nantes", ["t-export"]);
        await directory.ExecuteAsync("""
            insert into directory.subject_question (id, subject_id, slug, label, position)
            select gen_random_uuid(), s.id, q.slug, q.label, q.position
            from directory.subject s, (values ('deja-exporte', 'Exportez-vous déjà ?', 0), ('salaries', 'Avez-vous des salariés ?', 1)) q(slug, label, position)
            where s.slug = 't-export';
            insert into directory.question_institution_filter (question_id, institution_id, required_answer)
            select q.id, @Cci, true from directory.subject_question q where q.slug = 'deja-exporte';
            """, new { Cci = directory.Id("CCI") });

        var export = await FindAsync("t-export", Nantes);
        var recruit = await FindAsync("t-recruter", Nantes);

        Assert.That(export.AnswerRules, Is.EqualTo(new[] { new AnswerRule("deja-exporte", "Exportez-vous déjà ?", directory.Id("CCI"), true) }));
        Assert.That(recruit.AnswerRules, Is.Empty);
    }

    private static Task<IReadOnlyList<RoutingCandidate>> SupportAsync(string? commune) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindSupportExperts(commune)).AsTask());
}
