using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerFindExpertsForNeed;

/// <summary>The match filters of the original service, one rule per test.</summary>
public sealed class MatchFilterTests
{
    private const string Paris = "75101";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private DirectoryBuilder directory = null!;

    [SetUp]
    public async Task ResetAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        directory = new DirectoryBuilder(DirectoryTestHost.Host.Database.ConnectionString);
        await directory.SubjectAsync("t-export");
        await directory.SubjectAsync("t-recruter");
        await directory.InstitutionAsync("CCI");
        await directory.AntenneAsync("CCI Paris", "CCI", communes: [Paris]);
        await directory.ExpertAsync("Camille", "CCI Paris", ["t-export", "t-recruter"]);
    }

    private static CompanyFacts Company(int? ageInYears = 5, string? bracket = "12", string? naf = "62.02A", string? legalForm = "5710") =>
        new(ageInYears is { } age ? Today.AddYears(-age).AddDays(-1) : null, bracket, naf, legalForm);

    [Test]
    public async Task Without_any_filter_the_expert_is_kept_even_without_company_facts()
    {
        Assert.That(await KeptAsync(null), Is.True);
    }

    [Test]
    public async Task A_filter_added_changed_or_removed_by_any_host_applies_to_the_next_need()
    {
        Assert.That(await KeptAsync(Company(ageInYears: 2)), Is.True, "no filter yet: the host's copy of the filters is empty");

        await directory.FilterAsync("CCI", minYears: 3);
        Assert.That(await KeptAsync(Company(ageInYears: 2)), Is.False, "a filter written with plain SQL, as another host would");

        await directory.ExecuteAsync("update directory.match_filter set min_years_of_existence = 1");
        Assert.That(await KeptAsync(Company(ageInYears: 2)), Is.True);

        await directory.ExecuteAsync("delete from directory.match_filter_subject; delete from directory.match_filter");
        Assert.That(await KeptAsync(Company(ageInYears: 0)), Is.True);
    }

    [TestCase(5, true)]
    [TestCase(2, false)]
    [TestCase(null, false)]
    public async Task Min_years_of_existence_needs_a_company_created_at_least_that_long_ago(int? age, bool kept)
    {
        await directory.FilterAsync("CCI", minYears: 3);

        Assert.That(await KeptAsync(Company(ageInYears: age)), Is.EqualTo(kept));
    }

    [TestCase(2, true)]
    [TestCase(5, false)]
    [TestCase(null, false)]
    public async Task Max_years_of_existence_needs_a_company_created_less_than_that_long_ago(int? age, bool kept)
    {
        await directory.FilterAsync("CCI", maxYears: 3);

        Assert.That(await KeptAsync(Company(ageInYears: age)), Is.EqualTo(kept));
    }

    [TestCase("12", true, TestName = "Effectif_min_20_accepts_the_20_to_49_bracket")]
    [TestCase("21", true, TestName = "Effectif_min_20_accepts_a_larger_bracket")]
    [TestCase("11", false, TestName = "Effectif_min_20_rejects_the_10_to_19_bracket")]
    [TestCase(null, false, TestName = "Effectif_min_rejects_a_missing_bracket")]
    [TestCase("99", false, TestName = "Effectif_min_rejects_a_bracket_code_outside_the_INSEE_table")]
    public async Task Effectif_min_compares_the_lower_bound_of_the_bracket(string? bracket, bool kept)
    {
        await directory.FilterAsync("CCI", effectifMin: 20);

        Assert.That(await KeptAsync(Company(bracket: bracket)), Is.EqualTo(kept));
    }

    [TestCase("11", true, TestName = "Effectif_max_20_accepts_the_10_to_19_bracket")]
    [TestCase("NN", true, TestName = "Effectif_max_20_accepts_a_company_without_employees")]
    [TestCase("12", false, TestName = "Effectif_max_20_rejects_the_20_to_49_bracket")]
    [TestCase("53", false, TestName = "Effectif_max_rejects_the_open_10000_and_more_bracket")]
    [TestCase(null, false, TestName = "Effectif_max_rejects_a_missing_bracket")]
    [TestCase("7", false, TestName = "Effectif_max_rejects_a_bracket_code_outside_the_INSEE_table")]
    public async Task Effectif_max_compares_the_upper_bound_of_the_bracket(string? bracket, bool kept)
    {
        await directory.FilterAsync("CCI", effectifMax: 20);

        Assert.That(await KeptAsync(Company(bracket: bracket)), Is.EqualTo(kept));
    }

    [TestCase("62.02A", true)]
    [TestCase("6202a", true)]
    [TestCase("70.22Z", false)]
    [TestCase(null, false)]
    public async Task Accepted_naf_codes_need_the_establishment_code_in_the_list(string? naf, bool kept)
    {
        await directory.FilterAsync("CCI", acceptedNaf: ["6202A", "6201Z"]);

        Assert.That(await KeptAsync(Company(naf: naf)), Is.EqualTo(kept));
    }

    [TestCase("62.02A", false)]
    [TestCase("70.22Z", true)]
    [TestCase(null, false)]
    public async Task Excluded_naf_codes_need_the_establishment_code_outside_the_list(string? naf, bool kept)
    {
        await directory.FilterAsync("CCI", excludedNaf: ["6202A"]);

        Assert.That(await KeptAsync(Company(naf: naf)), Is.EqualTo(kept));
    }

    [TestCase("5710", true)]
    [TestCase("5499", false)]
    [TestCase(null, false)]
    public async Task Accepted_legal_forms_need_the_company_form_in_the_list(string? legalForm, bool kept)
    {
        await directory.FilterAsync("CCI", acceptedLegalForms: ["5710", "5720"]);

        Assert.That(await KeptAsync(Company(legalForm: legalForm)), Is.EqualTo(kept));
    }

    [TestCase("1000", false)]
    [TestCase("5710", true)]
    [TestCase(null, false)]
    public async Task Excluded_legal_forms_need_the_company_form_outside_the_list(string? legalForm, bool kept)
    {
        await directory.FilterAsync("CCI", excludedLegalForms: ["1000"]);

        Assert.That(await KeptAsync(Company(legalForm: legalForm)), Is.EqualTo(kept));
    }

    [Test]
    public async Task Every_criterion_of_one_filter_must_hold()
    {
        await directory.FilterAsync("CCI", minYears: 3, effectifMin: 50);

        Assert.That(await KeptAsync(Company(ageInYears: 5, bracket: "21")), Is.True);
        Assert.That(await KeptAsync(Company(ageInYears: 5, bracket: "12")), Is.False, "old enough, too small");
        Assert.That(await KeptAsync(Company(ageInYears: 1, bracket: "21")), Is.False, "large enough, too young");
    }

    [Test]
    public async Task One_accepting_filter_among_several_is_enough()
    {
        await directory.FilterAsync("CCI", effectifMin: 50);
        await directory.FilterAsync("CCI", acceptedLegalForms: ["5710"]);

        Assert.That(await KeptAsync(Company(bracket: "11", legalForm: "5710")), Is.True, "small SAS: the second filter accepts");
        Assert.That(await KeptAsync(Company(bracket: "21", legalForm: "5499")), Is.True, "large SARL: the first filter accepts");
        Assert.That(await KeptAsync(Company(bracket: "11", legalForm: "5499")), Is.False, "small SARL: no filter accepts");
    }

    [Test]
    public async Task A_filter_restricted_to_other_subjects_does_not_apply()
    {
        await directory.FilterAsync("CCI", subjects: ["t-recruter"], effectifMin: 50);

        Assert.That(await KeptAsync(Company(bracket: "11"), subject: "t-export"), Is.True);
        Assert.That(await KeptAsync(Company(bracket: "11"), subject: "t-recruter"), Is.False);
    }

    [Test]
    public async Task An_antenne_filter_overrides_the_institution_filter_with_the_same_subjects_and_filled_criteria()
    {
        await directory.FilterAsync("CCI", subjects: ["t-export"], effectifMin: 50);
        await directory.FilterAsync("CCI Paris", subjects: ["t-export"], effectifMin: 10);

        Assert.That(await KeptAsync(Company(bracket: "11")), Is.True, "the antenne's threshold replaces the institution's");
        Assert.That(await KeptAsync(Company(bracket: "03")), Is.False);
    }

    [Test]
    public async Task An_antenne_filter_with_other_criteria_adds_to_the_institution_filter()
    {
        await directory.FilterAsync("CCI", effectifMin: 50);
        await directory.FilterAsync("CCI Paris", effectifMin: 10, minYears: 3);

        Assert.That(await KeptAsync(Company(bracket: "11", ageInYears: 1)), Is.False, "the institution filter stays, and neither accepts");
        Assert.That(await KeptAsync(Company(bracket: "21", ageInYears: 1)), Is.True, "the institution filter accepts");
        Assert.That(await KeptAsync(Company(bracket: "11", ageInYears: 5)), Is.True, "the antenne filter accepts");
    }

    [Test]
    public async Task An_antenne_filter_on_other_subjects_does_not_override_the_institution_filter()
    {
        await directory.FilterAsync("CCI", effectifMin: 50);
        await directory.FilterAsync("CCI Paris", subjects: ["t-export"], effectifMin: 10);

        Assert.That(await KeptAsync(Company(bracket: "11"), subject: "t-export"), Is.True, "the antenne filter accepts");
        Assert.That(await KeptAsync(Company(bracket: "11"), subject: "t-recruter"), Is.False, "only the institution filter applies");
    }

    [Test]
    public async Task Filters_of_another_antenne_or_institution_leave_the_expert_alone()
    {
        await directory.InstitutionAsync("Bpifrance");
        await directory.AntenneAsync("Bpifrance Paris", "Bpifrance", communes: [Paris]);
        await directory.AntenneAsync("CCI Lyon", "CCI");
        await directory.ExpertAsync("Julie", "Bpifrance Paris", ["t-export"]);
        await directory.FilterAsync("Bpifrance", effectifMin: 50);
        await directory.FilterAsync("CCI Lyon", effectifMin: 50);

        var names = (await FindAsync("t-export", Company(bracket: "11"))).Select(e => e.FullName);

        Assert.That(names, Is.EqualTo(new[] { "Camille" }));
    }

    private static async Task<IReadOnlyList<ExpertCandidate>> FindAsync(string subject, CompanyFacts? company) =>
        await DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new FindExpertsForNeed(subject, Paris, company)).AsTask());

    private static async Task<bool> KeptAsync(CompanyFacts? company, string subject = "t-export") =>
        (await FindAsync(subject, company)).Any(e => e.FullName == "Camille");
}
