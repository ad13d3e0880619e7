using Dapper;
using Npgsql;

namespace PdE.Shared.Db;

/// <summary>A long update done a batch after the other, each its own transaction, so that no lock is held for long.</summary>
public static class Batches
{
    /// <summary>
    /// Runs <paramref name="sql"/> (which handles at most <paramref name="batchSize"/> rows, e.g. through a <c>limit</c> and
    /// <c>for update skip locked</c>) until it handles fewer than that.
    /// </summary>
    /// <returns>How many rows were handled in all.</returns>
    public static async Task<int> RunUntilShortAsync(
        NpgsqlDataSource dataSource, string sql, object parameters, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        int done;
        do
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            done = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: 300, cancellationToken: cancellationToken));
            total += done;
        }
        while (done >= batchSize);

        return total;
    }
}
