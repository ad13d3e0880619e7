namespace PdE.Directory.Contracts;

/// <summary>
/// A match filter of an antenne or an institution: which companies its experts accept, on some
/// subjects or on all. A blank criterion is a null bound or an empty list; a filled one that needs a fact the company lacks
/// fails.
/// </summary>
/// <remarks>
/// The rules that read filters live on this record and nowhere else, so that Directory's <see cref="FindExpertsForNeed"/>
/// and Matching's routing engine (which explains each exclusion) cannot drift apart. Directory owns match filters and
/// what they mean; another module may reach nothing of Directory but its contracts, so the one implementation sits in the
/// contract assembly, as pure functions of the record and the company's facts.
/// </remarks>
/// <param name="Id">Directory id of the filter.</param>
/// <param name="AntenneId">The antenne it belongs to; null for an institution's filter.</param>
/// <param name="InstitutionId">The institution it belongs to; null for an antenne's filter.</param>
/// <param name="SubjectSlugs">Subjects it is restricted to; empty: every subject.</param>
/// <param name="MinYearsOfExistence">The company was created at least this many years ago.</param>
/// <param name="MaxYearsOfExistence">The company was created less than this many years ago.</param>
/// <param name="EffectifMin">The lower bound of the establishment's headcount bracket is at least this.</param>
/// <param name="EffectifMax">The upper bound of the establishment's headcount bracket is below this (the open last bracket never is).</param>
/// <param name="AcceptedNafCodes">The establishment's NAF code is one of these (stored without the dot: <c>6202A</c>).</param>
/// <param name="ExcludedNafCodes">The establishment's NAF code is none of these.</param>
/// <param name="AcceptedLegalForms">The company's 4-digit INSEE legal category is one of these.</param>
/// <param name="ExcludedLegalForms">The company's legal category is none of these.</param>
public sealed record MatchFilter(
    Guid Id,
    Guid? AntenneId,
    Guid? InstitutionId,
    IReadOnlyList<string> SubjectSlugs,
    int? MinYearsOfExistence,
    int? MaxYearsOfExistence,
    int? EffectifMin,
    int? EffectifMax,
    IReadOnlyList<string> AcceptedNafCodes,
    IReadOnlyList<string> ExcludedNafCodes,
    IReadOnlyList<string> AcceptedLegalForms,
    IReadOnlyList<string> ExcludedLegalForms)
{
    /// <summary>
    /// The filters that decide for an expert on this subject: drop those restricted to other subjects, then the institution
    /// filters an antenne filter overrides (<see cref="Overrides"/>). Institution filters come first, then the antenne's.
    /// </summary>
    /// <param name="antenneFilters">The filters of the expert's antenne.</param>
    /// <param name="institutionFilters">The filters of the expert's institution.</param>
    /// <param name="subjectSlug">The need's subject.</param>
    public static IReadOnlyList<MatchFilter> InForce(
        IEnumerable<MatchFilter> antenneFilters, IEnumerable<MatchFilter> institutionFilters, string subjectSlug)
    {
        var ofAntenne = antenneFilters.Where(f => f.AppliesTo(subjectSlug)).ToList();
        return [.. institutionFilters.Where(f => f.AppliesTo(subjectSlug) && !ofAntenne.Any(a => a.Overrides(f))), .. ofAntenne];
    }

    /// <summary>Keep the expert when no filter is in force, or when at least one accepts the company (OR across filters).</summary>
    /// <param name="inForce">The filters <see cref="InForce"/> kept.</param>
    /// <param name="company">What is known of the company; null: nothing.</param>
    /// <param name="today">The day the need is routed, for the company's age.</param>
    public static bool Keeps(IReadOnlyCollection<MatchFilter> inForce, CompanyFacts? company, DateOnly today) =>
        inForce.Count == 0 || inForce.Any(f => f.Accepts(company, today));

    /// <summary>The filter is restricted to no subject, or to this one among others.</summary>
    /// <param name="subjectSlug">The need's subject.</param>
    public bool AppliesTo(string subjectSlug) => SubjectSlugs.Count == 0 || SubjectSlugs.Contains(subjectSlug);

    /// <summary>
    /// Same subjects and same set of filled criteria, whatever their values: this antenne filter replaces such an institution filter.
    /// </summary>
    /// <param name="institutionFilter">A filter of the antenne's institution.</param>
    public bool Overrides(MatchFilter institutionFilter) =>
        SubjectSlugs.Order(StringComparer.Ordinal).SequenceEqual(institutionFilter.SubjectSlugs.Order(StringComparer.Ordinal))
        && FilledCriteria == institutionFilter.FilledCriteria;

    /// <summary>Every filled criterion holds (AND across the criteria of one filter).</summary>
    /// <param name="company">What is known of the company; null: nothing.</param>
    /// <param name="today">The day the need is routed.</param>
    public bool Accepts(CompanyFacts? company, DateOnly today) => !FailedCriteria(company, today).Any();

    /// <summary>
    /// The filled criteria the company fails, in the order of the record's parameters, each named as its property
    /// (e.g. <c>nameof(MinYearsOfExistence)</c>); none when the filter accepts the company.
    /// </summary>
    /// <param name="company">What is known of the company; null: nothing.</param>
    /// <param name="today">The day the need is routed.</param>
    public IEnumerable<string> FailedCriteria(CompanyFacts? company, DateOnly today)
    {
        var createdOn = company?.CreatedOn;
        // A code outside the INSEE table fails the headcount criteria (the original service crashed on it).
        var bracket = HeadcountBracket.Find(company?.HeadcountBracket);
        var naf = NormalisedNaf(company?.NafCode);
        var legalForm = company?.LegalFormCode?.Trim();

        // Existed at least N years / less than N years: the two bounds split the dates exactly.
        if (MinYearsOfExistence is { } minYears && !(createdOn is { } c1 && c1 <= today.AddYears(-minYears)))
        {
            yield return nameof(MinYearsOfExistence);
        }

        if (MaxYearsOfExistence is { } maxYears && !(createdOn is { } c2 && c2 > today.AddYears(-maxYears)))
        {
            yield return nameof(MaxYearsOfExistence);
        }

        if (EffectifMin is { } min && !(bracket is not null && bracket.Min >= min))
        {
            yield return nameof(EffectifMin);
        }

        if (EffectifMax is { } max && !(bracket is not null && bracket.Max is { } upper && upper < max))
        {
            yield return nameof(EffectifMax);
        }

        if (AcceptedNafCodes.Count > 0 && !(naf is not null && AcceptedNafCodes.Contains(naf)))
        {
            yield return nameof(AcceptedNafCodes);
        }

        if (ExcludedNafCodes.Count > 0 && !(naf is not null && !ExcludedNafCodes.Contains(naf)))
        {
            yield return nameof(ExcludedNafCodes);
        }

        if (AcceptedLegalForms.Count > 0 && !(legalForm is not null && AcceptedLegalForms.Contains(legalForm)))
        {
            yield return nameof(AcceptedLegalForms);
        }

        if (ExcludedLegalForms.Count > 0 && !(legalForm is not null && !ExcludedLegalForms.Contains(legalForm)))
        {
            yield return nameof(ExcludedLegalForms);
        }
    }

    /// <summary>"62.02A", "6202a" → "6202A": how filters store NAF codes; null for a blank code.</summary>
    /// <param name="code">A NAF code as typed or as the registry gives it.</param>
    public static string? NormalisedNaf(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private string FilledCriteria => string.Concat(
        MinYearsOfExistence is null ? '-' : 'a', MaxYearsOfExistence is null ? '-' : 'b', EffectifMin is null ? '-' : 'c', EffectifMax is null ? '-' : 'd',
        AcceptedNafCodes.Count == 0 ? '-' : 'e', ExcludedNafCodes.Count == 0 ? '-' : 'f',
        AcceptedLegalForms.Count == 0 ? '-' : 'g', ExcludedLegalForms.Count == 0 ? '-' : 'h');
}

/// <summary>An INSEE headcount bracket ("tranche d'effectif") and its bounds, as match filters compare them.</summary>
/// <param name="Code">INSEE code, e.g. <c>12</c>.</param>
/// <param name="Min">Fewest employees in the bracket.</param>
/// <param name="Max">Most employees in the bracket; null for the open last bracket.</param>
/// <param name="Label">In words, e.g. <c>20 à 49 salariés</c>.</param>
public sealed record HeadcountBracket(string Code, int Min, int? Max, string Label)
{
    /// <summary>The INSEE table, smallest first.</summary>
    public static IReadOnlyList<HeadcountBracket> All { get; } =
    [
        new("NN", 0, 0, "Unité non employeuse"),
        new("00", 0, 0, "0 salarié"),
        new("01", 1, 2, "1 ou 2 salariés"),
        new("02", 3, 5, "3 à 5 salariés"),
        new("03", 6, 9, "6 à 9 salariés"),
        new("11", 10, 19, "10 à 19 salariés"),
        new("12", 20, 49, "20 à 49 salariés"),
        new("21", 50, 99, "50 à 99 salariés"),
        new("22", 100, 199, "100 à 199 salariés"),
        new("31", 200, 249, "200 à 249 salariés"),
        new("32", 250, 499, "250 à 499 salariés"),
        new("41", 500, 999, "500 à 999 salariés"),
        new("42", 1000, 1999, "1 000 à 1 999 salariés"),
        new("51", 2000, 4999, "2 000 à 4 999 salariés"),
        new("52", 5000, 9999, "5 000 à 9 999 salariés"),
        new("53", 10000, null, "10 000 salariés et plus"),
    ];

    /// <summary>The bracket of this code; null for a blank code or one outside the table.</summary>
    /// <param name="code">INSEE code, spaces around it ignored.</param>
    public static HeadcountBracket? Find(string? code)
    {
        var trimmed = code?.Trim();
        foreach (var bracket in All)
        {
            if (bracket.Code == trimmed)
            {
                return bracket;
            }
        }

        return null;
    }
}
