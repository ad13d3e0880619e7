using PdE.Directory.Contracts;
using PdE.Shared.Text;

namespace PdE.Directory.Features.Routing;

/// <summary>An INSEE headcount bracket ("tranche d'effectif"); <see cref="Max"/> is null for the open last bracket.</summary>
internal sealed record HeadcountBracket(string Code, int Min, int? Max, string Label);

internal static class HeadcountBrackets
{
    public static readonly IReadOnlyList<HeadcountBracket> All =
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

    public static HeadcountBracket? Find(string? code) => All.FirstOrDefault(b => b.Code == code?.Trim());

    /// <summary>Values an admin may give "effectif minimum": the lower bound of a bracket (0 would filter nothing).</summary>
    public static IEnumerable<(int Value, string Label)> MinimumChoices() =>
        All.Where(b => b.Min > 0).Select(b => (b.Min, $"Au moins {French.Number(b.Min)} salarié{(b.Min > 1 ? "s" : "")} (tranche {b.Label})"));

    /// <summary>Values an admin may give "effectif maximum": one above the upper bound of a bracket, so that bracket is the last accepted.</summary>
    public static IEnumerable<(int Value, string Label)> MaximumChoices() =>
        All.Where(b => b.Max is not null && b.Code != "NN").Select(b => (b.Max!.Value + 1, $"Au plus {French.Number(b.Max!.Value)} salarié{(b.Max > 1 ? "s" : "")} (jusqu’à la tranche {b.Label})"));
}

/// <summary>A match filter as routing reads it: blank criteria are null bounds or empty lists; no subject means every subject.</summary>
/// <remarks>Routing reads it from the JSON its query builds (see AnswerFindExpertsForNeed).</remarks>
internal sealed record MatchFilter
{
    public Guid Id { get; init; }
    public Guid? InstitutionId { get; init; }
    public Guid? AntenneId { get; init; }
    public string[] SubjectSlugs { get; init; } = [];
    public int? MinYearsOfExistence { get; init; }
    public int? MaxYearsOfExistence { get; init; }
    public int? EffectifMin { get; init; }
    public int? EffectifMax { get; init; }
    public string[] AcceptedNafCodes { get; init; } = [];
    public string[] ExcludedNafCodes { get; init; } = [];
    public string[] AcceptedLegalForms { get; init; } = [];
    public string[] ExcludedLegalForms { get; init; } = [];

    /// <summary>Every filled criterion holds (AND); a fact the criterion needs and the company lacks fails it.</summary>
    public bool Accepts(CompanyFacts? company, DateOnly today)
    {
        var createdOn = company?.CreatedOn;
        // A code outside the INSEE table fails the headcount criteria (the original service crashed on it).
        var bracket = HeadcountBrackets.Find(company?.HeadcountBracket);
        var naf = MatchFilterRules.NormalisedNaf(company?.NafCode);
        var legalForm = company?.LegalFormCode?.Trim();

        // Existed at least N years / less than N years: the two bounds split the dates exactly.
        return (MinYearsOfExistence is not { } minYears || (createdOn is { } c1 && c1 <= today.AddYears(-minYears)))
            && (MaxYearsOfExistence is not { } maxYears || (createdOn is { } c2 && c2 > today.AddYears(-maxYears)))
            && (EffectifMin is not { } min || (bracket is not null && bracket.Min >= min))
            && (EffectifMax is not { } max || (bracket is not null && bracket.Max is { } upper && upper < max))
            && (AcceptedNafCodes.Length == 0 || (naf is not null && AcceptedNafCodes.Contains(naf)))
            && (ExcludedNafCodes.Length == 0 || (naf is not null && !ExcludedNafCodes.Contains(naf)))
            && (AcceptedLegalForms.Length == 0 || (legalForm is not null && AcceptedLegalForms.Contains(legalForm)))
            && (ExcludedLegalForms.Length == 0 || (legalForm is not null && !ExcludedLegalForms.Contains(legalForm)));
    }

    public bool AppliesTo(string subjectSlug) => SubjectSlugs.Length == 0 || SubjectSlugs.Contains(subjectSlug);

    /// <summary>Same subjects and same set of filled criteria (whatever their values): an antenne filter overrides such an institution filter.</summary>
    public bool Overrides(MatchFilter institutionFilter) =>
        SubjectSlugs.Order().SequenceEqual(institutionFilter.SubjectSlugs.Order()) && FilledCriteria == institutionFilter.FilledCriteria;

    private string FilledCriteria => string.Concat(
        MinYearsOfExistence is null ? '-' : 'a', MaxYearsOfExistence is null ? '-' : 'b', EffectifMin is null ? '-' : 'c', EffectifMax is null ? '-' : 'd',
        AcceptedNafCodes.Length == 0 ? '-' : 'e', ExcludedNafCodes.Length == 0 ? '-' : 'f',
        AcceptedLegalForms.Length == 0 ? '-' : 'g', ExcludedLegalForms.Length == 0 ? '-' : 'h');
}

internal static class MatchFilterRules
{
    /// <summary>
    /// pde-features.md §4.2 item 6: drop the filters restricted to other subjects, then the institution filters an antenne filter
    /// overrides; keep the expert when none remains or when at least one accepts the company (OR across filters).
    /// </summary>
    public static bool Keeps(
        IReadOnlyCollection<MatchFilter> antenneFilters, IReadOnlyCollection<MatchFilter> institutionFilters,
        string subjectSlug, CompanyFacts? company, DateOnly today)
    {
        var ofAntenne = antenneFilters.Where(f => f.AppliesTo(subjectSlug)).ToList();
        var remaining = institutionFilters.Where(f => f.AppliesTo(subjectSlug) && !ofAntenne.Any(a => a.Overrides(f))).Concat(ofAntenne).ToList();
        return remaining.Count == 0 || remaining.Any(f => f.Accepts(company, today));
    }

    /// <summary>"62.02A", "6202a" → "6202A": how filters store NAF codes.</summary>
    public static string? NormalisedNaf(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
