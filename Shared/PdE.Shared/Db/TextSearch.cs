namespace PdE.Shared.Db;

/// <summary>
/// Accent- and case-insensitive search in SQL without an extension: "cma" finds "CMA", "METIERS" finds "métiers".
/// ICU collations make lower() French whatever locale the database was created with.
/// </summary>
public static class TextSearch
{
    /// <summary>SQL that is true when <paramref name="sqlText"/> contains the text parameter <paramref name="parameter"/> (null matches all).</summary>
    public static string Contains(string sqlText, string parameter) =>
        $"(@{parameter}::text is null or {Fold(sqlText)} like '%' || {Fold($"@{parameter}::text")} || '%')";

    private static string Fold(string sql) =>
        $"translate(lower(({sql}) collate \"und-x-icu\"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')";
}
