using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Annuaire;

/// <summary>
/// INSEE commune codes typed or pasted by an agent ("75056 69123, 1004"): split on spaces, commas and new lines,
/// upper-cased, distinct. Spreadsheets turn 01004 into 1004, so a 4-digit code gets its leading zero back, with a warning.
/// Whether each code is a real commune is for the caller to check against <c>directory.commune</c>.
/// </summary>
internal sealed record CommuneCodeList(IReadOnlyList<string> Codes, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors)
{
    public static CommuneCodeList Parse(string? text)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var errors = new List<string>();
        foreach (var raw in (text ?? "").Split([' ', ',', ';', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var code = raw.ToUpperInvariant();
            if (code.Length == 4 && code.All(char.IsAsciiDigit))
            {
                warnings.Add($"Le code « {raw} » a 4 chiffres : il est lu « 0{code} ».");
                code = "0" + code;
            }

            if (!IsWellFormed(code))
            {
                errors.Add($"« {raw} » n’est pas un code commune INSEE (5 caractères, par exemple 75056 ou 2A004).");
                continue;
            }

            codes.Add(code);
        }

        return new CommuneCodeList([.. codes], warnings, errors);
    }

    /// <summary>Five digits, or Corsica's 2A/2B followed by three digits.</summary>
    private static bool IsWellFormed(string code) =>
        code.Length == 5 && (code.All(char.IsAsciiDigit) || (code.StartsWith('2') && code[1] is 'A' or 'B' && code[2..].All(char.IsAsciiDigit)));

    /// <summary>The codes that name no commune of the reference data, sorted.</summary>
    public static async Task<IReadOnlyList<string>> UnknownAsync(NpgsqlTransaction transaction, IEnumerable<string> codes, CancellationToken cancellationToken) =>
        (await transaction.Connection!.QueryAsync<string>(new CommandDefinition("""
            select wanted.code from unnest(@Codes) as wanted(code)
            where not exists (select 1 from directory.commune c where c.code = wanted.code)
            order by wanted.code
            """, new { Codes = codes.ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
}
