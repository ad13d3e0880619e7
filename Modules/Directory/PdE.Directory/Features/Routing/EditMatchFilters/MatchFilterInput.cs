using System.Globalization;
using Dapper;
using FluentValidation;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Routing.EditMatchFilters;

/// <summary>The form as posted: numbers and code lists as typed.</summary>
internal sealed class MatchFilterInput
{
    public List<Guid> SubjectIds { get; set; } = [];
    public string? MinYears { get; set; }
    public string? MaxYears { get; set; }
    public string? EffectifMin { get; set; }
    public string? EffectifMax { get; set; }
    public string? AcceptedNafCodes { get; set; }
    public string? ExcludedNafCodes { get; set; }
    public string? AcceptedLegalForms { get; set; }
    public string? ExcludedLegalForms { get; set; }

    internal static string[] Codes(string? text) =>
        (text ?? "").Split([' ', ',', ';', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    internal static int? Number(string? text) => int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Only after validation: NAF codes without the dot, upper case, as routing compares them.</summary>
    internal MatchFilterValues ToValues() => new(
        SubjectIds.Distinct().ToList(), Number(MinYears), Number(MaxYears), Number(EffectifMin), Number(EffectifMax),
        Codes(AcceptedNafCodes).Select(c => MatchFilter.NormalisedNaf(c)!).Distinct().ToArray(),
        Codes(ExcludedNafCodes).Select(c => MatchFilter.NormalisedNaf(c)!).Distinct().ToArray(),
        Codes(AcceptedLegalForms), Codes(ExcludedLegalForms));

    internal static MatchFilterInput From(MatchFilterValues values) => new()
    {
        SubjectIds = [.. values.SubjectIds],
        MinYears = values.MinYears?.ToString(CultureInfo.InvariantCulture),
        MaxYears = values.MaxYears?.ToString(CultureInfo.InvariantCulture),
        EffectifMin = values.EffectifMin?.ToString(CultureInfo.InvariantCulture),
        EffectifMax = values.EffectifMax?.ToString(CultureInfo.InvariantCulture),
        AcceptedNafCodes = string.Join(" ", values.AcceptedNafCodes),
        ExcludedNafCodes = string.Join(" ", values.ExcludedNafCodes),
        AcceptedLegalForms = string.Join(" ", values.AcceptedLegalForms),
        ExcludedLegalForms = string.Join(" ", values.ExcludedLegalForms),
    };
}

internal sealed class MatchFilterInputValidator : AbstractValidator<MatchFilterInput>
{
    private const int MaxYears = 200;

    public MatchFilterInputValidator(NpgsqlDataSource dataSource)
    {
        RuleFor(i => i.MinYears).Must(BeYears).WithMessage($"Indiquez un nombre entier d’années entre 0 et {MaxYears}, par exemple 3.");
        RuleFor(i => i.MaxYears).Must(BeYears).WithMessage($"Indiquez un nombre entier d’années entre 0 et {MaxYears}, par exemple 3.");
        RuleFor(i => i.MaxYears)
            .Must((i, max) => MatchFilterInput.Number(max) > MatchFilterInput.Number(i.MinYears))
            .When(i => MatchFilterInput.Number(i.MinYears) is not null && MatchFilterInput.Number(i.MaxYears) is not null)
            .WithMessage("Le maximum d’années d’existence doit être supérieur au minimum : sinon aucune entreprise ne passe le filtre.");
        RuleFor(i => i.EffectifMin)
            .Must(v => Blank(v) || HeadcountBrackets.MinimumChoices().Any(c => c.Value == MatchFilterInput.Number(v)))
            .WithMessage("Choisissez un effectif minimum dans la liste des tranches INSEE.");
        RuleFor(i => i.EffectifMax)
            .Must(v => Blank(v) || HeadcountBrackets.MaximumChoices().Any(c => c.Value == MatchFilterInput.Number(v)))
            .WithMessage("Choisissez un effectif maximum dans la liste des tranches INSEE.");
        RuleFor(i => i.EffectifMax)
            .Must((i, max) => MatchFilterInput.Number(max) > MatchFilterInput.Number(i.EffectifMin))
            .When(i => MatchFilterInput.Number(i.EffectifMin) is not null && MatchFilterInput.Number(i.EffectifMax) is not null)
            .WithMessage("L’effectif maximum doit être supérieur à l’effectif minimum : sinon aucune entreprise ne passe le filtre.");
        RuleFor(i => i.AcceptedNafCodes).CustomAsync((text, context, token) => CheckNafAsync(dataSource, text, context, token));
        RuleFor(i => i.ExcludedNafCodes).CustomAsync((text, context, token) => CheckNafAsync(dataSource, text, context, token));
        RuleFor(i => i.AcceptedLegalForms).Custom(CheckLegalForms);
        RuleFor(i => i.ExcludedLegalForms).Custom(CheckLegalForms);
        RuleFor(i => i)
            .Must(i => !Blank(i.MinYears) || !Blank(i.MaxYears) || !Blank(i.EffectifMin) || !Blank(i.EffectifMax)
                       || !Blank(i.AcceptedNafCodes) || !Blank(i.ExcludedNafCodes) || !Blank(i.AcceptedLegalForms) || !Blank(i.ExcludedLegalForms))
            .OverridePropertyName("Criteria")
            .WithMessage("Renseignez au moins un critère : un filtre sans critère accepterait toutes les entreprises.");
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    private static bool BeYears(string? value) => Blank(value) || MatchFilterInput.Number(value) is >= 0 and <= MaxYears;

    private static void CheckLegalForms(string? text, ValidationContext<MatchFilterInput> context)
    {
        var wrong = MatchFilterInput.Codes(text).Where(c => c.Length != 4 || !c.All(char.IsAsciiDigit)).ToList();
        if (wrong.Count > 0)
        {
            context.AddFailure($"Une forme juridique est un code INSEE à 4 chiffres (par exemple 5710 pour une SAS) : {Quote(wrong)} ne convien{(wrong.Count > 1 ? "nent" : "t")} pas.");
        }
    }

    private static async Task CheckNafAsync(NpgsqlDataSource dataSource, string? text, ValidationContext<MatchFilterInput> context, CancellationToken cancellationToken)
    {
        var codes = MatchFilterInput.Codes(text);
        if (codes.Length == 0)
        {
            return;
        }

        // Routing compares codes exactly, so only sous-classes (the establishments' level, e.g. 62.02A) can ever match.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var known = (await connection.QueryAsync<string>(new CommandDefinition("""
            select replace(code, '.', '') from directory.naf_code where level = 'sous_classe' and replace(code, '.', '') = any(@Codes)
            """, new { Codes = codes.Select(c => MatchFilter.NormalisedNaf(c)!).ToArray() }, cancellationToken: cancellationToken))).ToHashSet();
        var unknown = codes.Where(c => !known.Contains(MatchFilter.NormalisedNaf(c)!)).ToList();
        if (unknown.Count > 0)
        {
            context.AddFailure($"Code{(unknown.Count > 1 ? "s" : "")} NAF inconnu{(unknown.Count > 1 ? "s" : "")} : {Quote(unknown)}. Indiquez des sous-classes de la nomenclature, par exemple 62.02A ou 6202A.");
        }
    }

    private static string Quote(IEnumerable<string> codes) => string.Join(", ", codes.Select(c => $"« {c} »"));
}
