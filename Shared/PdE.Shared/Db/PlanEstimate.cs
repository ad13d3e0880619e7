using System.Text.Json;
using Dapper;
using Npgsql;

namespace PdE.Shared.Db;

/// <summary>
/// How many rows the planner expects a query to return, from its statistics, without running it (<c>explain</c>, well
/// under a millisecond): a search asks it whether its words are rare (a trigram index finds them all at once) or common
/// (walking the newest rows finds enough of them within the first few thousand, where the index would gather hundreds of
/// thousands first).
/// </summary>
public static class PlanEstimate
{
    /// <summary>
    /// Past this many rows expected, a search walks the newest rows rather than asking the trigram index: for « export »
    /// (95,000 needs of 1,000,000) the index took 1 s, the walk a few milliseconds; for a SIRET (3 needs, estimated 105) the
    /// index takes 1 ms, a walk would read the whole table.
    /// </summary>
    public const double CommonPast = 20_000;

    public static async Task<double> RowsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object parameters,
        CancellationToken cancellationToken)
    {
        var plan = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            $"explain (format json) {sql}", parameters, transaction, cancellationToken: cancellationToken));
        using var document = JsonDocument.Parse(plan!);
        return document.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }
}
