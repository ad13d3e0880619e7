using Dapper;
using Npgsql;

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

    /// <summary>SQL that is true when <paramref name="sqlText"/> contains every word of the text[] parameter <paramref name="parameter"/>,
    /// in any order (null matches all): "creche helene" finds "Hélène … crèche".</summary>
    public static string ContainsAll(string sqlText, string parameter) =>
        $"(@{parameter}::text[] is null or not exists (select 1 from unnest(@{parameter}::text[]) as w(word) where {Fold(sqlText)} not like '%' || {Fold("w.word")} || '%'))";

    /// <summary>
    /// SQL that is true when <paramref name="foldedColumn"/>, a column already folded (a generated column of <see cref="Fold"/>),
    /// contains every one of <paramref name="words"/>, given as the parameters @{prefix}0 … (<see cref="AddWords"/>), in any
    /// order. One LIKE per word on the bare column, so that a trigram index on it (pg_trgm) finds the rows; a word is folded
    /// here the same way as the column was. A word of letters shorter than <see cref="IndexedWordLength"/> next to a longer
    /// one is only checked on the rows the longer words found: its one trigram (« les », « sas ») is in most rows, and merging
    /// its posting list cost 90 ms of a 100 ms search. A three-digit number (« 874 ») stays in the index: its trigram is in a
    /// few rows in a hundred, and it narrows a common word (« expert 874 ») from a whole-table scan (1 s) to 20 ms. (One or
    /// two characters make no trigram: the index cannot use them at all.)
    /// </summary>
    public static string FoldedContainsEvery(string foldedColumn, string prefix, IReadOnlyList<string> words)
    {
        var anyLong = words.Any(w => w.Length >= IndexedWordLength);
        return string.Join(" and ", words.Select((word, i) =>
        {
            // Concatenated with '', the column is no longer the index's expression: the word is a filter, not an index condition.
            var column = anyLong && word.Length < IndexedWordLength && !IsThreeDigits(word) ? $"({foldedColumn} || '')" : foldedColumn;
            // The pattern takes the column's collation back (Fold compares under ICU): an index serves only a clause of its own collation.
            return $"{column} like ('%' || {Fold($"@{prefix}{i}::text")} || '%') collate \"default\"";
        }));
    }

    private static bool IsThreeDigits(string word) => word.Length == 3 && word.All(char.IsAsciiDigit);

    /// <summary>The length from which a word is looked up in a trigram index (see <see cref="FoldedContainsEvery"/>).</summary>
    public const int IndexedWordLength = 4;

    /// <summary>The parameters of <see cref="FoldedContainsEvery"/>: @{prefix}0 … for each word.</summary>
    public static void AddWords(Dapper.DynamicParameters parameters, string prefix, IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            parameters.Add($"{prefix}{i}", words[i]);
        }
    }

    /// <summary>
    /// The words of what an agent typed in a search box, for <see cref="FoldedContainsEvery"/>: digits typed with spaces
    /// (« 732 829 320 », a SIREN) are one word; at most <see cref="MaxWords"/> words. Empty when nothing was typed.
    /// </summary>
    public static IReadOnlyList<string> WordsOf(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length > 0 && trimmed.All(c => char.IsAsciiDigit(c) || c == ' '))
        {
            return [trimmed.Replace(" ", "", StringComparison.Ordinal)];
        }

        return trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Take(MaxWords).ToArray();
    }

    /// <summary>
    /// The agents' search box stops counting past this: a common word (« export ») is in tens of thousands of rows, and
    /// counting them all would read the whole index for a number nobody reads (« plus de 1 000 »).
    /// </summary>
    public const int CountCap = 1000;

    /// <summary>
    /// For a word the planner expects in more than <see cref="PlanEstimate.CommonPast"/> rows, the search box walks the
    /// newest rows and stops at this many hits (« plus de 200 »): its companies are those of the newest 200.
    /// </summary>
    public const int CommonWordCap = 200;

    /// <summary>More words than this narrow a search no further in practice, and each costs an index lookup.</summary>
    public const int MaxWords = 8;

    /// <summary>
    /// A transaction for a search's queries: each planned for its own words (no generic plan of a prepared statement, blind
    /// to how common a word is), without parallel workers (a few thousand index entries: starting workers costs more than
    /// it saves, and on a busy machine far more).
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginSearchAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "set local max_parallel_workers_per_gather = 0; set local plan_cache_mode = force_custom_plan",
            transaction: transaction, cancellationToken: cancellationToken));
        return transaction;
    }

    /// <summary>SQL folding <paramref name="sql"/> to lower case without accents, for comparisons of one's own.</summary>
    public static string Fold(string sql) =>
        $"translate(lower(({sql}) collate \"und-x-icu\"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')";
}
