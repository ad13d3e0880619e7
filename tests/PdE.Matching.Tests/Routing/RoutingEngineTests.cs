using System.Security.Cryptography;
using System.Text;
using PdE.Directory.Contracts;
using PdE.Matching.Routing;

namespace PdE.Matching.Tests.Routing;

/// <summary>The routing engine rule by rule (register rules, match filters, support fallback), on hand-built candidates: no database.</summary>
public sealed class RoutingEngineTests
{
    private const string Subject = "t-export";
    private const string Nantes = "44109";
    private static readonly DateOnly Today = new(2026, 6, 15);

    private const string Cci = "CCI Pays de la Loire";
    private const string CciNantes = "CCI Nantes Saint-Nazaire";
    private const string Cma = "CMA Pays de la Loire";
    private const string CmaNantes = "CMA Loire-Atlantique";

    // ---------------------------------------------------------------- coverage

    [Test]
    public void An_expert_without_filters_is_proposed_with_how_it_covers_the_commune()
    {
        var proposal = Propose(Need(), Candidates(
            Expert("Camille"),
            Expert("Thomas", coverage: "OwnCommunes"),
            Expert("Équipe export", antenne: "CCI France", coverage: "GlobalZone")));

        Assert.That(Explanations(proposal), Is.EqualTo(new[]
        {
            "Équipe export: Couvre toute la France (zone globale)",
            "Camille: Couvre Nantes par son antenne CCI Nantes Saint-Nazaire",
            "Thomas: Couvre Nantes parmi ses communes d’intervention",
        }));
        Assert.That(proposal.Excluded, Is.Empty);
        Assert.That(proposal.UsedSupportFallback, Is.False);
        Assert.That(proposal.SubjectNotice, Is.Null);
    }

    [Test]
    public void An_expert_without_account_is_proposed_with_a_warning()
    {
        var proposal = Propose(Need(), Candidates(Expert("Camille", hasAccount: false)));

        Assert.That(Explanations(proposal), Is.EqualTo(new[]
        {
            "Camille: Couvre Nantes par son antenne CCI Nantes Saint-Nazaire ; sans compte : recevra l’e-mail mais ne pourra pas répondre sur le site",
        }));
    }

    [Test]
    public void A_commune_outside_the_reference_data_is_named_by_its_code()
    {
        var proposal = Propose(Need(), Candidates(Expert("Camille")) with { CommuneName = null });

        Assert.That(Explanations(proposal), Is.EqualTo(new[] { "Camille: Couvre la commune 44109 par son antenne CCI Nantes Saint-Nazaire" }));
    }

    // ---------------------------------------------------------------- each filter criterion, passing and failing

    [TestCase("2023-06-15", null, TestName = "Min_years_3_accepts_a_company_created_exactly_3_years_ago")]
    [TestCase("2010-01-01", null, TestName = "Min_years_3_accepts_an_older_company")]
    [TestCase("2025-03-02", "entreprises d’au moins 3 ans (créée le 2 mars 2025)", TestName = "Min_years_3_refuses_a_younger_company")]
    [TestCase("2023-06-16", "entreprises d’au moins 3 ans (créée le 16 juin 2023)", TestName = "Min_years_3_refuses_a_company_3_years_old_tomorrow")]
    [TestCase(null, "entreprises d’au moins 3 ans (date de création inconnue)", TestName = "Min_years_refuses_an_unknown_creation_date")]
    public void Min_years_of_existence(string? createdOn, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, minYears: 3), Company(createdOn: createdOn), refusal);

    [TestCase("2025-03-02", null, TestName = "Max_years_3_accepts_a_younger_company")]
    [TestCase("2023-06-16", null, TestName = "Max_years_3_accepts_a_company_3_years_old_tomorrow")]
    [TestCase("2023-06-15", "entreprises de moins de 3 ans (créée le 15 juin 2023)", TestName = "Max_years_3_refuses_a_company_created_exactly_3_years_ago")]
    [TestCase(null, "entreprises de moins de 3 ans (date de création inconnue)", TestName = "Max_years_refuses_an_unknown_creation_date")]
    public void Max_years_of_existence(string? createdOn, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, maxYears: 3), Company(createdOn: createdOn), refusal);

    [Test]
    public void One_year_is_singular() =>
        AssertCriterion(Filter(antenne: CciNantes, minYears: 1), Company(createdOn: "2026-01-02"), "entreprises d’au moins 1 an (créée le 2 janvier 2026)");

    [TestCase("12", null, TestName = "Effectif_min_20_accepts_the_20_to_49_bracket")]
    [TestCase("21", null, TestName = "Effectif_min_20_accepts_a_larger_bracket")]
    [TestCase("11", "entreprises d’au moins 20 salariés (tranche 10 à 19 salariés)", TestName = "Effectif_min_20_refuses_the_10_to_19_bracket")]
    [TestCase("NN", "entreprises d’au moins 20 salariés (tranche unité non employeuse)", TestName = "Effectif_min_20_refuses_a_company_without_employees")]
    [TestCase(null, "entreprises d’au moins 20 salariés (effectif inconnu)", TestName = "Effectif_min_refuses_an_unknown_bracket")]
    [TestCase("99", "entreprises d’au moins 20 salariés (tranche d’effectif « 99 » inconnue)", TestName = "Effectif_min_refuses_a_code_outside_the_INSEE_table")]
    public void Effectif_min(string? bracket, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, effectifMin: 20), Company(bracket: bracket), refusal);

    [TestCase("11", null, TestName = "Effectif_max_20_accepts_the_10_to_19_bracket")]
    [TestCase("00", null, TestName = "Effectif_max_20_accepts_no_employee")]
    [TestCase("12", "entreprises de moins de 20 salariés (tranche 20 à 49 salariés)", TestName = "Effectif_max_20_refuses_the_20_to_49_bracket")]
    [TestCase("53", "entreprises de moins de 20 salariés (tranche 10 000 salariés et plus)", TestName = "Effectif_max_refuses_the_open_last_bracket")]
    [TestCase(null, "entreprises de moins de 20 salariés (effectif inconnu)", TestName = "Effectif_max_refuses_an_unknown_bracket")]
    public void Effectif_max(string? bracket, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, effectifMax: 20), Company(bracket: bracket), refusal);

    [TestCase("62.02A", null, TestName = "Accepted_naf_accepts_a_listed_code_written_with_its_dot")]
    [TestCase("6201z", null, TestName = "Accepted_naf_accepts_a_listed_code_in_lower_case")]
    [TestCase("70.22Z", "entreprises de code NAF 6202A ou 6201Z (ici 7022Z)", TestName = "Accepted_naf_refuses_another_code")]
    [TestCase(null, "entreprises de code NAF 6202A ou 6201Z (code NAF inconnu)", TestName = "Accepted_naf_refuses_an_unknown_code")]
    public void Accepted_naf_codes(string? naf, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, acceptedNaf: ["6202A", "6201Z"]), Company(naf: naf), refusal);

    [TestCase("70.22Z", null, TestName = "Excluded_naf_accepts_another_code")]
    [TestCase("47.11D", "entreprises hors code NAF 6202A, 6201Z ou 4711D (ici 4711D)", TestName = "Excluded_naf_refuses_a_listed_code")]
    [TestCase(null, "entreprises hors code NAF 6202A, 6201Z ou 4711D (code NAF inconnu)", TestName = "Excluded_naf_refuses_an_unknown_code")]
    public void Excluded_naf_codes(string? naf, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, excludedNaf: ["6202A", "6201Z", "4711D"]), Company(naf: naf), refusal);

    [TestCase("5710", null, TestName = "Accepted_legal_forms_accept_a_listed_form")]
    [TestCase("5499", "entreprises de forme juridique 5710 (ici 5499)", TestName = "Accepted_legal_forms_refuse_another_form")]
    [TestCase(null, "entreprises de forme juridique 5710 (forme juridique inconnue)", TestName = "Accepted_legal_forms_refuse_an_unknown_form")]
    public void Accepted_legal_forms(string? legalForm, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, acceptedLegalForms: ["5710"]), Company(legalForm: legalForm), refusal);

    [TestCase("5710", null, TestName = "Excluded_legal_forms_accept_another_form")]
    [TestCase("1000", "entreprises hors forme juridique 1000 (ici 1000)", TestName = "Excluded_legal_forms_refuse_a_listed_form")]
    [TestCase(null, "entreprises hors forme juridique 1000 (forme juridique inconnue)", TestName = "Excluded_legal_forms_refuse_an_unknown_form")]
    public void Excluded_legal_forms(string? legalForm, string? refusal) =>
        AssertCriterion(Filter(antenne: CciNantes, excludedLegalForms: ["1000"]), Company(legalForm: legalForm), refusal);

    [Test]
    public void A_filter_of_the_institution_is_named_after_it() =>
        AssertCriterion(Filter(institution: Cci, effectifMin: 10), Company(bracket: "02"),
            "entreprises d’au moins 10 salariés (tranche 3 à 5 salariés)", owner: "l’institution CCI Pays de la Loire");

    [Test]
    public void Without_company_facts_every_filled_criterion_fails() =>
        AssertCriterion(Filter(antenne: CciNantes, minYears: 3, acceptedLegalForms: ["5710"]), null,
            "entreprises d’au moins 3 ans (date de création inconnue) et entreprises de forme juridique 5710 (forme juridique inconnue)");

    // ---------------------------------------------------------------- several criteria, several filters

    [Test]
    public void Every_criterion_of_a_filter_must_hold_and_the_reason_names_each_failing_one()
    {
        var filter = Filter(antenne: CciNantes, minYears: 3, effectifMin: 50, excludedLegalForms: ["1000"]);

        Assert.That(Reasons(Propose(Need(Company(createdOn: "2020-01-01", bracket: "21")), Candidates(Expert("Camille", filters: [filter])))), Is.Empty);
        Assert.That(Reasons(Propose(Need(Company(createdOn: "2025-03-02", bracket: "12")), Candidates(Expert("Camille", filters: [filter])))), Is.EqualTo(new[]
        {
            "Camille: Filtre de l’antenne CCI Nantes Saint-Nazaire : entreprises d’au moins 3 ans (créée le 2 mars 2025) et entreprises d’au moins 50 salariés (tranche 20 à 49 salariés)",
        }));
    }

    [Test]
    public void One_accepting_filter_among_several_is_enough_and_is_named()
    {
        var bySize = Filter(institution: Cci, effectifMin: 50);
        var byForm = Filter(antenne: CciNantes, acceptedLegalForms: ["5710"]);
        RoutingProposal Route(CompanyFacts company) => Propose(Need(company), Candidates(Expert("Camille", filters: [bySize, byForm])));

        Assert.That(Explanations(Route(Company(bracket: "11", legalForm: "5710"))), Is.EqualTo(new[]
        {
            "Camille: Couvre Nantes par son antenne CCI Nantes Saint-Nazaire ; accepté par un filtre de l’antenne CCI Nantes Saint-Nazaire",
        }));
        Assert.That(Explanations(Route(Company(bracket: "21", legalForm: "5710"))), Is.EqualTo(new[]
        {
            "Camille: Couvre Nantes par son antenne CCI Nantes Saint-Nazaire ; accepté par un filtre de l’antenne CCI Nantes Saint-Nazaire et un filtre de l’institution CCI Pays de la Loire",
        }));
        Assert.That(Reasons(Route(Company(bracket: "11", legalForm: "5499"))), Is.EqualTo(new[]
        {
            "Camille: Filtre de l’antenne CCI Nantes Saint-Nazaire : entreprises de forme juridique 5710 (ici 5499) ; " +
            "filtre de l’institution CCI Pays de la Loire : entreprises d’au moins 50 salariés (tranche 10 à 19 salariés)",
        }), "no filter accepts: each one's refusal, the antenne's first");
    }

    [Test]
    public void A_filter_restricted_to_other_subjects_does_not_apply()
    {
        var filter = Filter(institution: Cci, subjects: ["t-recruter"], effectifMin: 50);

        Assert.That(Reasons(Propose(Need(Company(bracket: "11")), Candidates(Expert("Camille", filters: [filter])))), Is.Empty);
        Assert.That(Reasons(Propose(Need(Company(bracket: "11"), subject: "t-recruter"), Candidates(Expert("Camille", filters: [filter])))), Has.Length.EqualTo(1));
    }

    [Test]
    public void A_filter_restricted_to_the_subject_among_others_applies()
    {
        var filter = Filter(institution: Cci, subjects: ["t-recruter", Subject], effectifMin: 50);

        Assert.That(Reasons(Propose(Need(Company(bracket: "11")), Candidates(Expert("Camille", filters: [filter])))), Has.Length.EqualTo(1));
    }

    [Test]
    public void An_antenne_filter_overrides_the_institution_filter_with_the_same_subjects_and_filled_criteria()
    {
        var ofInstitution = Filter(institution: Cci, subjects: [Subject], effectifMin: 50);
        var ofAntenne = Filter(antenne: CciNantes, subjects: [Subject], effectifMin: 10);
        RoutingProposal Route(string bracket) => Propose(Need(Company(bracket: bracket)), Candidates(Expert("Camille", filters: [ofInstitution, ofAntenne])));

        Assert.That(Explanations(Route("11")), Is.EqualTo(new[]
        {
            "Camille: Couvre Nantes par son antenne CCI Nantes Saint-Nazaire ; accepté par un filtre de l’antenne CCI Nantes Saint-Nazaire",
        }), "the antenne's threshold replaces the institution's");
        Assert.That(Reasons(Route("03")), Is.EqualTo(new[]
        {
            "Camille: Filtre de l’antenne CCI Nantes Saint-Nazaire : entreprises d’au moins 10 salariés (tranche 6 à 9 salariés)",
        }), "the institution's filter, overridden, is not a reason");
    }

    [Test]
    public void An_antenne_filter_with_other_criteria_or_subjects_adds_to_the_institution_filter()
    {
        var ofInstitution = Filter(institution: Cci, effectifMin: 50);
        var otherCriteria = Filter(antenne: CciNantes, effectifMin: 10, minYears: 3);
        var otherSubjects = Filter(antenne: CciNantes, subjects: [Subject], effectifMin: 10);

        Assert.That(Reasons(Propose(Need(Company(bracket: "11", createdOn: "2026-01-02")), Candidates(Expert("Camille", filters: [ofInstitution, otherCriteria])))), Is.EqualTo(new[]
        {
            "Camille: Filtre de l’antenne CCI Nantes Saint-Nazaire : entreprises d’au moins 3 ans (créée le 2 janvier 2026) ; " +
            "filtre de l’institution CCI Pays de la Loire : entreprises d’au moins 50 salariés (tranche 10 à 19 salariés)",
        }));
        Assert.That(Reasons(Propose(Need(Company(bracket: "03")), Candidates(Expert("Camille", filters: [ofInstitution, otherSubjects])))), Is.EqualTo(new[]
        {
            "Camille: Filtre de l’antenne CCI Nantes Saint-Nazaire : entreprises d’au moins 10 salariés (tranche 6 à 9 salariés) ; " +
            "filtre de l’institution CCI Pays de la Loire : entreprises d’au moins 50 salariés (tranche 6 à 9 salariés)",
        }));
    }

    [Test]
    public void Filters_of_another_antenne_or_institution_are_ignored()
    {
        var elsewhere = Filter(antenne: "CCI Vendée", effectifMin: 50);
        var otherInstitution = Filter(institution: Cma, effectifMin: 50);

        Assert.That(Reasons(Propose(Need(Company(bracket: "11")), Candidates(Expert("Camille", filters: [elsewhere, otherInstitution])))), Is.Empty);
    }

    [Test]
    public void Each_expert_is_judged_by_its_own_filters()
    {
        var proposal = Propose(Need(Company(bracket: "11")), Candidates(
            Expert("Camille", filters: [Filter(antenne: CciNantes, effectifMin: 50)]),
            Expert("Thomas", antenne: "CCI Vendée")));

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Thomas" }));
        Assert.That(proposal.Excluded.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Camille" }));
    }

    // ---------------------------------------------------------------- registers

    [Test]
    public void A_company_in_the_RCS_and_not_in_the_RM_is_not_sent_to_the_CMA()
    {
        var proposal = Propose(Need(inRcs: true, inRm: false), Candidates(Expert("Camille"), Artisan()));

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Camille" }));
        Assert.That(Reasons(proposal), Is.EqualTo(new[] { "Pierre: CMA Pays de la Loire écartée : entreprise inscrite au RCS et non au RM" }));
    }

    [Test]
    public void A_company_in_the_RM_and_not_in_the_RCS_is_not_sent_to_the_CCI()
    {
        var proposal = Propose(Need(inRcs: false, inRm: true), Candidates(Expert("Camille"), Artisan()));

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Pierre" }));
        Assert.That(Reasons(proposal), Is.EqualTo(new[] { "Camille: CCI Pays de la Loire écartée : entreprise inscrite au RM et non au RCS" }));
    }

    [TestCase(null, null)]
    [TestCase(true, null)]
    [TestCase(null, false)]
    [TestCase(false, null)]
    [TestCase(null, true)]
    [TestCase(true, true)]
    [TestCase(false, false)]
    public void Unknown_registers_or_both_or_neither_exclude_nobody(bool? inRcs, bool? inRm)
    {
        var proposal = Propose(Need(inRcs: inRcs, inRm: inRm), Candidates(Expert("Camille"), Artisan()));

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Camille", "Pierre" }));
    }

    [Test]
    public void The_register_rule_reads_the_slug_prefix_whatever_the_name()
    {
        var chamber = Expert("Hélène", antenne: "Chambre de métiers 44", institution: "Chambre de métiers et de l’artisanat", slug: "cma-44");
        var other = Expert("Paul", antenne: "Comité", institution: "Comité d’expansion", slug: "comite-cma");

        var proposal = Propose(Need(inRcs: true, inRm: false), Candidates(chamber, other));

        Assert.That(Reasons(proposal), Is.EqualTo(new[] { "Hélène: Chambre de métiers et de l’artisanat écartée : entreprise inscrite au RCS et non au RM" }));
    }

    [Test]
    public void The_register_rule_comes_before_the_filters()
    {
        var proposal = Propose(Need(Company(bracket: "11"), inRcs: true, inRm: false),
            Candidates(Artisan(filters: [Filter(institution: Cma, effectifMin: 50)])));

        Assert.That(Reasons(proposal), Is.EqualTo(new[] { "Pierre: CMA Pays de la Loire écartée : entreprise inscrite au RCS et non au RM" }));
    }

    // ---------------------------------------------------------------- answers to the subject's questions

    [Test]
    public void An_institution_wanting_the_other_answer_to_a_question_is_left_out_with_the_question_and_the_answers()
    {
        var rule = new AnswerRule("projet-demarre", "Le projet a-t-il déjà commencé ?", IdOf(Cma), RequiredAnswer: false);
        var need = Need() with { Answers = [new("Le projet a-t-il déjà commencé ?", true, "projet-demarre")] };

        var proposal = Propose(need, Candidates(Expert("Camille"), Artisan()) with { AnswerRules = [rule] });

        Assert.That(Explanations(proposal), Is.EqualTo(new[] { "Camille: Couvre Nantes par son antenne CCI Nantes Saint-Nazaire" }));
        Assert.That(Reasons(proposal), Is.EqualTo(new[]
        {
            "Pierre: CMA Pays de la Loire écartée : réponse « Oui » à « Le projet a-t-il déjà commencé ? » (elle n’intervient que sur « Non »)",
        }));
    }

    [TestCase(false, "projet-demarre", TestName = "the required answer keeps the institution")]
    [TestCase(null, "projet-demarre", TestName = "an unanswered question restricts nobody")]
    [TestCase(true, "autre-question", TestName = "an answer to another question restricts nobody")]
    public void An_answer_rule_keeps_the_institution(bool? answer, string slug)
    {
        var rule = new AnswerRule("projet-demarre", "Le projet a-t-il déjà commencé ?", IdOf(Cma), RequiredAnswer: false);
        var need = Need() with { Answers = [new("Le projet a-t-il déjà commencé ?", answer, slug)] };

        var proposal = Propose(need, Candidates(Artisan()) with { AnswerRules = [rule] });

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Pierre" }));
    }

    [Test]
    public void An_answer_stored_before_slugs_were_is_found_by_the_question_s_words()
    {
        var rule = new AnswerRule("projet-demarre", "Le projet a-t-il déjà commencé ?", IdOf(Cma), RequiredAnswer: false);
        var need = Need() with { Answers = [new("Le projet a-t-il déjà commencé ?", true)] };

        Assert.That(Propose(need, Candidates(Artisan()) with { AnswerRules = [rule] }).Proposed, Is.Empty);
    }

    // ---------------------------------------------------------------- institutions without coverage, subject

    [Test]
    public void Institutions_nobody_covers_the_commune_for_are_listed_with_why()
    {
        var candidates = Candidates(Expert("Camille")) with
        {
            InstitutionsWithoutCoverage = [Uncovered("Région Pays de la Loire"), Uncovered("Bpifrance"), Uncovered("CMA")],
        };

        Assert.That(Propose(Need(), candidates).InstitutionsWithoutCoverage.Select(i => i.Reason), Is.EqualTo(new[]
        {
            "Bpifrance : aucun conseiller ne couvre Nantes", "CMA : aucun conseiller ne couvre Nantes", "Région Pays de la Loire : aucun conseiller ne couvre Nantes",
        }));
        Assert.That(Propose(Need(commune: null), candidates with { CommuneName = null }).InstitutionsWithoutCoverage.Select(i => i.Reason).First(),
            Is.EqualTo("Bpifrance : aucun conseiller ne couvre toute la France, et la commune de l’entreprise est inconnue"));
    }

    [Test]
    public void An_archived_or_unknown_subject_is_noticed()
    {
        Assert.That(Propose(Need(), Candidates() with { SubjectArchived = true }).SubjectNotice,
            Is.EqualTo("Le sujet « t-export » est archivé : plus aucun conseiller n’est proposé pour lui"));
        Assert.That(Propose(Need(), Candidates() with { SubjectExists = false }).SubjectNotice,
            Is.EqualTo("Le sujet « t-export » n’existe pas dans le catalogue : aucun conseiller ne le traite"));
    }

    // ---------------------------------------------------------------- support fallback

    [Test]
    public void Support_experts_are_proposed_only_when_nobody_else_is()
    {
        var support = new[] { Expert("Équipe support", antenne: "Équipe nationale", institution: "Place des Entreprises", slug: "pde", coverage: "GlobalZone") };

        var withSomeone = Propose(Need(), Candidates(Expert("Camille")), support);
        Assert.That(withSomeone.UsedSupportFallback, Is.False);
        Assert.That(withSomeone.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Camille" }));

        var everyoneFiltered = Propose(Need(Company(bracket: "11")), Candidates(Expert("Camille", filters: [Filter(antenne: CciNantes, effectifMin: 50)])), support);
        Assert.That(everyoneFiltered.UsedSupportFallback, Is.True);
        Assert.That(Explanations(everyoneFiltered), Is.EqualTo(new[]
        {
            "Équipe support: Conseiller support, proposé faute de conseiller retenu pour ce sujet ; couvre toute la France (zone globale)",
        }));
        Assert.That(everyoneFiltered.Excluded.Select(e => e.Expert.FullName), Is.EqualTo(new[] { "Camille" }), "the exclusions are still told");

        var nobody = Propose(Need(), Candidates(), support);
        Assert.That(nobody.UsedSupportFallback, Is.True);
    }

    [Test]
    public void Support_experts_are_proposed_on_their_coverage_alone()
    {
        var support = new[]
        {
            Expert("Conseillère CMA", antenne: CmaNantes, institution: Cma, slug: "cma-pays-de-la-loire", hasAccount: false,
                filters: [Filter(institution: Cma, effectifMin: 50)]),
        };

        var proposal = Propose(Need(Company(bracket: "11"), inRcs: true, inRm: false), Candidates(), support);

        Assert.That(Explanations(proposal), Is.EqualTo(new[]
        {
            "Conseillère CMA: Conseiller support, proposé faute de conseiller retenu pour ce sujet ; couvre Nantes par son antenne CMA Loire-Atlantique ; " +
            "sans compte : recevra l’e-mail mais ne pourra pas répondre sur le site",
        }));
    }

    [Test]
    public void Without_support_experts_nothing_is_proposed_and_no_fallback_is_told()
    {
        var proposal = Propose(Need(), Candidates(), []);

        Assert.That(proposal.Proposed, Is.Empty);
        Assert.That(proposal.UsedSupportFallback, Is.False);
    }

    // ---------------------------------------------------------------- order and determinism

    [Test]
    public void Results_are_ordered_by_institution_antenne_and_name_in_French()
    {
        var proposal = Propose(Need(), Candidates(
            Expert("Zoé"), Expert("émilie"), Expert("Denis"), Expert("Fabrice"),
            Expert("Yves", antenne: "CCI Angers"),
            Expert("Alain", antenne: "Écully", institution: "Équipe régionale", slug: "equipe"),
            Expert("Bruno", antenne: "Bpifrance Nantes", institution: "Bpifrance", slug: "bpifrance")));

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Bruno", "Yves", "Denis", "émilie", "Fabrice", "Zoé", "Alain" }));
    }

    [Test]
    public void The_same_input_in_any_order_gives_the_same_output()
    {
        var experts = new[]
        {
            Expert("Camille", filters: [Filter(antenne: CciNantes, effectifMin: 50), Filter(institution: Cci, minYears: 3)]),
            Expert("Camille", antenne: "CCI Vendée"),
            Expert("Thomas", coverage: "OwnCommunes", hasAccount: false),
            Artisan(),
            Expert("Julie", antenne: "Bpifrance Nantes", institution: "Bpifrance", slug: "bpifrance", filters: [Filter(institution: "Bpifrance", acceptedNaf: ["6202A"])]),
            Expert("Équipe", antenne: "CCI France", coverage: "GlobalZone"),
        };
        var uncovered = new[] { Uncovered("Région"), Uncovered("ADEME"), Uncovered("Urssaf") };
        var need = Need(Company(createdOn: "2025-03-02", bracket: "11", naf: "70.22Z"), inRcs: false, inRm: true);
        var reference = Describe(Propose(need, Candidates(experts) with { InstitutionsWithoutCoverage = uncovered }));

        var random = new Random(12);
        for (var i = 0; i < 20; i++)
        {
            var shuffled = experts.OrderBy(_ => random.Next()).Select(e => e with { MatchFilters = [.. e.MatchFilters.OrderBy(_ => random.Next())] }).ToArray();
            var candidates = Candidates(shuffled) with { InstitutionsWithoutCoverage = [.. uncovered.OrderBy(_ => random.Next())] };

            Assert.That(Describe(Propose(need, candidates)), Is.EqualTo(reference));
        }

        Assert.That(reference, Has.Length.GreaterThan(6));
    }

    // ---------------------------------------------------------------- builders

    private static RoutingProposal Propose(RoutingNeed need, RoutingCandidates candidates, IReadOnlyList<RoutingCandidate>? support = null) =>
        RoutingEngine.Propose(need, candidates, support);

    private static void AssertCriterion(MatchFilter filter, CompanyFacts? company, string? refusal, string owner = "l’antenne CCI Nantes Saint-Nazaire")
    {
        var proposal = Propose(Need(company), Candidates(Expert("Camille", filters: [filter])));
        if (refusal is null)
        {
            Assert.That(proposal.Proposed.Select(p => p.Explanation), Is.EqualTo(new[]
            {
                $"Couvre Nantes par son antenne CCI Nantes Saint-Nazaire ; accepté par un filtre de {owner}",
            }));
            Assert.That(proposal.Excluded, Is.Empty);
        }
        else
        {
            Assert.That(proposal.Proposed, Is.Empty);
            Assert.That(proposal.Excluded.Select(e => e.Reason), Is.EqualTo(new[] { $"Filtre de {owner} : {refusal}" }));
        }
    }

    private static string[] Explanations(RoutingProposal proposal) => proposal.Proposed.Select(p => $"{p.Expert.FullName}: {p.Explanation}").ToArray();

    private static string[] Reasons(RoutingProposal proposal) => proposal.Excluded.Select(e => $"{e.Expert.FullName}: {e.Reason}").ToArray();

    private static string[] Describe(RoutingProposal proposal) =>
    [
        .. proposal.Proposed.Select(p => $"+ {p.Expert.ExpertId} {p.Explanation}"),
        .. proposal.Excluded.Select(e => $"- {e.Expert.ExpertId} {e.Reason}"),
        .. proposal.InstitutionsWithoutCoverage.Select(i => $"0 {i.InstitutionId} {i.Reason}"),
        $"support {proposal.UsedSupportFallback}",
    ];

    private static RoutingNeed Need(CompanyFacts? company = null, bool? inRcs = null, bool? inRm = null, string subject = Subject, string? commune = Nantes) =>
        new(subject, commune, company, inRcs, inRm, Today);

    private static CompanyFacts Company(string? createdOn = "2015-05-20", string? bracket = "12", string? naf = "62.02A", string? legalForm = "5710") =>
        new(createdOn is null ? null : DateOnly.Parse(createdOn, System.Globalization.CultureInfo.InvariantCulture), bracket, naf, legalForm);

    private static RoutingCandidates Candidates(params RoutingCandidate[] experts) => new(true, false, "Nantes", experts, []);

    private static RoutingCandidate Expert(
        string name, string antenne = CciNantes, string institution = Cci, string slug = "cci-pays-de-la-loire", string coverage = "Antenne",
        bool hasAccount = true, MatchFilter[]? filters = null) =>
        new(IdOf($"expert/{antenne}/{name}"), name, $"{name.ToLowerInvariant()}@example.fr", hasAccount, IdOf(antenne), antenne,
            IdOf(institution), institution, slug, coverage, filters ?? []);

    private static RoutingCandidate Artisan(MatchFilter[]? filters = null) =>
        Expert("Pierre", antenne: CmaNantes, institution: Cma, slug: "cma-pays-de-la-loire", filters: filters);

    private static UncoveredInstitution Uncovered(string name) => new(IdOf(name), name, name.ToLowerInvariant());

    private static int filterCount;

    private static MatchFilter Filter(
        string? antenne = null, string? institution = null, string[]? subjects = null, int? minYears = null, int? maxYears = null,
        int? effectifMin = null, int? effectifMax = null, string[]? acceptedNaf = null, string[]? excludedNaf = null,
        string[]? acceptedLegalForms = null, string[]? excludedLegalForms = null) =>
        new(IdOf($"filter/{Interlocked.Increment(ref filterCount)}"), antenne is null ? null : IdOf(antenne), institution is null ? null : IdOf(institution),
            subjects ?? [], minYears, maxYears, effectifMin, effectifMax, acceptedNaf ?? [], excludedNaf ?? [], acceptedLegalForms ?? [], excludedLegalForms ?? []);

    /// <summary>Stable ids from names, so that a test reads by names.</summary>
    private static Guid IdOf(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));
}
