using PdE.Directory.Contracts;
using PdE.Matching.Matches;
using PdE.Shared.Text;
using SubjectAnswer = PdE.Solicitations.Contracts.SubjectAnswer;

namespace PdE.Matching.Routing;

/// <summary>A need as routing reads it.</summary>
/// <param name="SubjectSlug">Catalogue subject of the need.</param>
/// <param name="CommuneCode">INSEE code of the establishment's commune; null when unknown.</param>
/// <param name="Company">Creation date, headcount bracket, NAF code and legal form, as the match filters read them; null: nothing known.</param>
/// <param name="InRcs">Registered at the RCS (registre du commerce et des sociétés); null: unknown.</param>
/// <param name="InRm">Registered at the RM (répertoire des métiers); null: unknown.</param>
/// <param name="Today">The day the need is routed (the company's age is counted to it).</param>
internal sealed record RoutingNeed(string SubjectSlug, string? CommuneCode, CompanyFacts? Company, bool? InRcs, bool? InRm, DateOnly Today)
{
    /// <summary>The requester's yes/no answers, which the catalogue's <see cref="AnswerRule"/>s read.</summary>
    public IReadOnlyList<SubjectAnswer> Answers { get; init; } = [];
}

/// <summary>What routing proposes for a need, each choice explained in French for the team.</summary>
/// <param name="Proposed">The experts to send the need to, by institution, antenne and name.</param>
/// <param name="Excluded">Experts covering the commune but left out, each with why, in the same order.</param>
/// <param name="InstitutionsWithoutCoverage">Institutions offering the subject none of whose experts covers the commune, by name.</param>
/// <param name="UsedSupportFallback">Nobody of the subject fitted: <see cref="Proposed"/> holds experts of the support subject.</param>
/// <param name="SubjectNotice">Why nobody of the subject could be proposed when the subject is unknown or archived; else null.</param>
internal sealed record RoutingProposal(
    IReadOnlyList<ProposedExpert> Proposed,
    IReadOnlyList<ExcludedExpert> Excluded,
    IReadOnlyList<InstitutionWithoutCoverage> InstitutionsWithoutCoverage,
    bool UsedSupportFallback,
    string? SubjectNotice);

/// <summary>An expert routing proposes, e.g. « Couvre Nantes par son antenne CCI Nantes Saint-Nazaire ».</summary>
internal sealed record ProposedExpert(RoutingCandidate Expert, string Explanation);

/// <summary>An expert covering the commune but left out, e.g. « CMA Pays de la Loire écartée : entreprise inscrite au RCS et non au RM ».</summary>
internal sealed record ExcludedExpert(RoutingCandidate Expert, string Reason);

/// <summary>An institution of the subject nobody covers the commune for, e.g. « CMA : aucun conseiller ne couvre Nantes ».</summary>
internal sealed record InstitutionWithoutCoverage(Guid InstitutionId, string InstitutionName, string Reason);

/// <summary>
/// Chooses the experts of a need from Directory's candidates, and says why for each: the register
/// rules, the catalogue’s answer rules, then the match filters, then the support subject's experts when nobody is left. Pure and
/// deterministic: no I/O, no clock (the need carries its day), and the same input in any order gives the same output.
/// </summary>
internal static class RoutingEngine
{
    private static readonly StringComparer FrenchOrder = StringComparer.Create(French.Culture, true);

    /// <param name="need">The need.</param>
    /// <param name="candidates">Directory's answer to <see cref="FindRoutingCandidates"/> for the need's subject and commune.</param>
    /// <param name="supportExperts">Directory's answer to <see cref="FindSupportExperts"/>, proposed only when no candidate
    /// is kept; null when not asked (yet).</param>
    public static RoutingProposal Propose(RoutingNeed need, RoutingCandidates candidates, IReadOnlyList<RoutingCandidate>? supportExperts = null)
    {
        var commune = CommunePhrase(need.CommuneCode, candidates.CommuneName);
        var proposed = new List<ProposedExpert>();
        var excluded = new List<ExcludedExpert>();
        foreach (var expert in Ordered(candidates.Experts))
        {
            if (RegisterExclusion(need, expert) is { } registerReason)
            {
                excluded.Add(new ExcludedExpert(expert, registerReason));
                continue;
            }

            if (AnswerExclusion(need, expert, candidates.AnswerRules) is { } answerReason)
            {
                excluded.Add(new ExcludedExpert(expert, answerReason));
                continue;
            }

            // The filters of the expert's antenne and institution, as MatchFilter.InForce picks them for FindExpertsForNeed.
            var inForce = MatchFilter.InForce(
                expert.MatchFilters.Where(f => f.AntenneId == expert.AntenneId),
                expert.MatchFilters.Where(f => f.AntenneId is null && f.InstitutionId == expert.InstitutionId),
                need.SubjectSlug);
            if (MatchFilter.Keeps(inForce, need.Company, need.Today))
            {
                var accepting = Owners(expert, OwnOrder(inForce).Where(f => f.Accepts(need.Company, need.Today)));
                proposed.Add(new ProposedExpert(expert, Sentences(
                    Coverage(expert, commune),
                    accepting.Count == 0 ? null : "accepté par un " + string.Join(" et un ", accepting.Select(o => "filtre de " + o)),
                    AccountNote(expert))));
            }
            else
            {
                excluded.Add(new ExcludedExpert(expert, FilterReason(expert, inForce, need)));
            }
        }

        var uncovered = candidates.InstitutionsWithoutCoverage
            .OrderBy(i => i.InstitutionName, FrenchOrder).ThenBy(i => i.InstitutionId)
            .Select(i => new InstitutionWithoutCoverage(i.InstitutionId, i.InstitutionName, need.CommuneCode is null
                ? $"{i.InstitutionName} : aucun conseiller ne couvre toute la France, et la commune de l’entreprise est inconnue"
                : $"{i.InstitutionName} : aucun conseiller ne couvre {commune}"))
            .ToList();

        // The support subject's experts are proposed on their coverage alone, as the original's wizard offered them:
        // they are the team's fallback, not an institution's offer its filters restrict.
        var useSupport = proposed.Count == 0 && supportExperts is { Count: > 0 };
        if (useSupport)
        {
            proposed.AddRange(Ordered(supportExperts!).Select(expert => new ProposedExpert(expert, Sentences(
                "Conseiller support, proposé faute de conseiller retenu pour ce sujet", Coverage(expert, commune), AccountNote(expert)))));
        }

        return new RoutingProposal(proposed, excluded, uncovered, useSupport, SubjectNotice(need.SubjectSlug, candidates));
    }

    /// <summary>The original service's register rule: a company known to be in one register and not the other is not sent to the other's chamber.</summary>
    private static string? RegisterExclusion(RoutingNeed need, RoutingCandidate expert) => (need.InRcs, need.InRm) switch
    {
        (true, false) when expert.InstitutionSlug.StartsWith("cma", StringComparison.OrdinalIgnoreCase) =>
            $"{expert.InstitutionName} écartée : entreprise inscrite au RCS et non au RM",
        (false, true) when expert.InstitutionSlug.StartsWith("cci", StringComparison.OrdinalIgnoreCase) =>
            $"{expert.InstitutionName} écartée : entreprise inscrite au RM et non au RCS",
        _ => null,
    };

    /// <summary>
    /// The catalogue's answer rules: an institution wanting « Oui » to a question the requester answered « Non » (or the
    /// reverse) is left out; an unanswered question restricts nobody. The answer is found by the question's slug, or by its
    /// words for answers stored before the slug was.
    /// </summary>
    private static string? AnswerExclusion(RoutingNeed need, RoutingCandidate expert, IReadOnlyList<AnswerRule>? rules)
    {
        foreach (var rule in (rules ?? []).Where(r => r.InstitutionId == expert.InstitutionId).OrderBy(r => r.QuestionSlug, StringComparer.Ordinal))
        {
            var answer = need.Answers.FirstOrDefault(a => a.Slug == rule.QuestionSlug)
                ?? need.Answers.FirstOrDefault(a => a.Slug is null && a.Question == rule.Question);
            if (answer?.Answer is { } given && given != rule.RequiredAnswer)
            {
                return $"{expert.InstitutionName} écartée : réponse « {French.YesNo(given)} » à « {answer.Question} » (elle n’intervient que sur « {French.YesNo(rule.RequiredAnswer)} »)";
            }
        }

        return null;
    }

    /// <summary>Every filter in force refused the company: each one, with the criteria it failed on and the company's fact.</summary>
    private static string FilterReason(RoutingCandidate expert, IReadOnlyList<MatchFilter> inForce, RoutingNeed need)
    {
        var refusals = OwnOrder(inForce).Select(filter =>
            $"filtre de {Owner(expert, filter)} : " +
            string.Join(" et ", filter.FailedCriteria(need.Company, need.Today).Select(criterion => Criterion(criterion, filter, need.Company))));
        return Capitalised(string.Join(" ; ", refusals));
    }

    private static string Criterion(string criterion, MatchFilter filter, CompanyFacts? company) => criterion switch
    {
        nameof(MatchFilter.MinYearsOfExistence) => $"entreprises d’au moins {Years(filter.MinYearsOfExistence!.Value)} ({Created(company)})",
        nameof(MatchFilter.MaxYearsOfExistence) => $"entreprises de moins de {Years(filter.MaxYearsOfExistence!.Value)} ({Created(company)})",
        nameof(MatchFilter.EffectifMin) => $"entreprises d’au moins {Employees(filter.EffectifMin!.Value)} ({Headcount(company)})",
        nameof(MatchFilter.EffectifMax) => $"entreprises de moins de {Employees(filter.EffectifMax!.Value)} ({Headcount(company)})",
        nameof(MatchFilter.AcceptedNafCodes) => $"entreprises de code NAF {Either(filter.AcceptedNafCodes)} ({Naf(company)})",
        nameof(MatchFilter.ExcludedNafCodes) => $"entreprises hors code NAF {Either(filter.ExcludedNafCodes)} ({Naf(company)})",
        nameof(MatchFilter.AcceptedLegalForms) => $"entreprises de forme juridique {Either(filter.AcceptedLegalForms)} ({LegalForm(company)})",
        nameof(MatchFilter.ExcludedLegalForms) => $"entreprises hors forme juridique {Either(filter.ExcludedLegalForms)} ({LegalForm(company)})",
        _ => criterion,
    };

    private static string Created(CompanyFacts? company) =>
        company?.CreatedOn is { } createdOn ? $"créée le {French.Date(createdOn)}" : "date de création inconnue";

    private static string Headcount(CompanyFacts? company) =>
        string.IsNullOrWhiteSpace(company?.HeadcountBracket) ? "effectif inconnu"
        : HeadcountBracket.Find(company.HeadcountBracket) is { } bracket ? $"tranche {char.ToLower(bracket.Label[0], French.Culture)}{bracket.Label[1..]}"
        : $"tranche d’effectif « {company.HeadcountBracket.Trim()} » inconnue";

    private static string Naf(CompanyFacts? company) =>
        MatchFilter.NormalisedNaf(company?.NafCode) is { } naf ? $"ici {naf}" : "code NAF inconnu";

    private static string LegalForm(CompanyFacts? company) =>
        string.IsNullOrWhiteSpace(company?.LegalFormCode) ? "forme juridique inconnue" : $"ici {company.LegalFormCode.Trim()}";

    private static string Years(int years) => years == 1 ? "1 an" : $"{years} ans";

    private static string Employees(int count) => French.Count(count, "salarié", "salariés");

    private static string Either(IReadOnlyList<string> codes) =>
        codes.Count == 1 ? codes[0] : string.Join(", ", codes.Take(codes.Count - 1)) + " ou " + codes[^1];

    private static string Coverage(RoutingCandidate expert, string commune) => expert.Coverage switch
    {
        "OwnCommunes" => $"couvre {commune} parmi ses communes d’intervention",
        "Antenne" => $"couvre {commune} par son antenne {expert.AntenneName}",
        _ => "couvre toute la France (zone globale)",
    };

    private static string? AccountNote(RoutingCandidate expert) =>
        expert.HasAccount ? null : "sans compte : recevra l’e-mail mais ne pourra pas répondre sur le site";

    private static string CommunePhrase(string? code, string? name) =>
        name ?? (code is null ? "la commune (inconnue)" : $"la commune {code}");

    private static string? SubjectNotice(string slug, RoutingCandidates candidates) =>
        !candidates.SubjectExists ? $"Le sujet « {slug} » n’existe pas dans le catalogue : aucun conseiller ne le traite"
        : candidates.SubjectArchived ? $"Le sujet « {slug} » est archivé : plus aucun conseiller n’est proposé pour lui"
        : null;

    private static string Owner(RoutingCandidate expert, MatchFilter filter) =>
        filter.AntenneId is not null ? $"l’antenne {expert.AntenneName}" : $"l’institution {expert.InstitutionName}";

    private static List<string> Owners(RoutingCandidate expert, IEnumerable<MatchFilter> filters) =>
        filters.Select(f => Owner(expert, f)).Distinct().ToList();

    /// <summary>The antenne's filters, then the institution's, each by id: the order of the input plays no part.</summary>
    private static IEnumerable<MatchFilter> OwnOrder(IEnumerable<MatchFilter> filters) =>
        filters.OrderBy(f => f.AntenneId is null).ThenBy(f => f.Id);

    /// <summary>By institution, antenne and name in French order, then id: the order of the input plays no part.</summary>
    private static IEnumerable<RoutingCandidate> Ordered(IEnumerable<RoutingCandidate> experts) =>
        experts.OrderBy(e => e.InstitutionName, FrenchOrder).ThenBy(e => e.AntenneName, FrenchOrder).ThenBy(e => e.FullName, FrenchOrder)
            .ThenBy(e => e.ExpertId);

    private static string Sentences(params string?[] parts) => Capitalised(string.Join(" ; ", parts.Where(p => p is not null)));

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], French.Culture) + text[1..];
}
