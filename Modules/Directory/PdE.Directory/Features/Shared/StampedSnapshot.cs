using System.Data;
using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Shared;

/// <summary>
/// What a host keeps in memory behind a stamp that triggers change with the data (the match filters, migration 0009; the
/// public catalogue, 0013): when the stamp differs from the one loaded, the data is read again with the stamp.
/// </summary>
internal static class StampedSnapshot
{
    /// <summary>
    /// Reads the stamp (<paramref name="stampSql"/>) and the data (<paramref name="load"/>) from one snapshot: a change committed
    /// in between cannot hide behind the old stamp.
    /// </summary>
    public static async Task<(Guid? Stamp, T Data)> ReadAsync<T>(
        NpgsqlConnection connection, string stampSql, Func<NpgsqlTransaction, Task<T>> load, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var stamp = await connection.ExecuteScalarAsync<Guid?>(
            new CommandDefinition(stampSql, transaction: transaction, cancellationToken: cancellationToken));
        var data = await load(transaction);
        await transaction.CommitAsync(cancellationToken);
        return (stamp, data);
    }
}
