using Dapper;
using Npgsql;

namespace PdE.Shared.Outbox;

/// <summary>
/// Makes an event receiver idempotent: the outbox delivers at least once, so a receiver records
/// the event id in its own schema, in the same transaction as its work, and skips a second delivery.
/// </summary>
public static class Inbox
{
    /// <returns>false when this receiver already processed the event: do nothing then.</returns>
    public static async Task<bool> TryMarkProcessedAsync(this NpgsqlTransaction transaction, string schema, Guid eventId, string receiver)
    {
        var sql = $"""
            insert into "{schema}".inbox_message (event_id, receiver) values (@eventId, @receiver)
            on conflict do nothing
            """;
        var inserted = await transaction.Connection!.ExecuteAsync(sql, new { eventId, receiver }, transaction);
        return inserted == 1;
    }
}
