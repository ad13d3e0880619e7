using Dapper;
using Npgsql;

namespace PdE.Shared.Outbox;

/// <summary>
/// Makes an event receiver idempotent: the outbox delivers at least once, so a receiver records
/// the event id in its own schema, in the same transaction as its work, and skips a second delivery.
/// </summary>
public static class Inbox
{
    /// <summary>
    /// How long the record may wait for another host's unfinished transaction on the same event (a host frozen mid-work
    /// whose lease ran out): past it the delivery fails and is retried later, instead of stalling this host's dispatch
    /// until the other's session ends (measured: a host frozen for a minute stalled the other's e-mails for 30 s).
    /// </summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(2);

    /// <returns>false when this receiver already processed the event: do nothing then.</returns>
    /// <exception cref="InvalidOperationException">Another transaction is recording the same event right now.</exception>
    public static async Task<bool> TryMarkProcessedAsync(this NpgsqlTransaction transaction, string schema, Guid eventId, string receiver)
    {
        // One round trip: the bound on the wait, the record, then the receiver's own work waits for locks as long as it always did.
        var sql = $"""
            set local lock_timeout = {(int)LockWait.TotalMilliseconds};
            insert into "{schema}".inbox_message (event_id, receiver) values (@eventId, @receiver)
            on conflict do nothing;
            set local lock_timeout to default;
            """;
        int inserted;
        try
        {
            inserted = await transaction.Connection!.ExecuteAsync(sql, new { eventId, receiver }, transaction);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new InvalidOperationException(
                $"Event {eventId} is being processed for {receiver} by another transaction (another host whose lease ran out?): retried later.", ex);
        }

        return inserted == 1;
    }
}
