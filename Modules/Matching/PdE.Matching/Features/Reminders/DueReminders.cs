using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Data;
using PdE.Shared.Outbox;

namespace PdE.Matching.Features.Reminders;

/// <summary>
/// What the reminder jobs share: a statement marks a batch of due rows (under <c>for update skip locked</c>, so that a run
/// on another host takes other rows) and returns them; each gets its event in the same transaction. A row is marked and
/// told once, however many hosts run the job; batches follow each other until one comes back short.
/// </summary>
internal static class DueReminders
{
    public const int BatchSize = 200;

    /// <summary>Where a need is read and answered (the link of the experts' e-mails).</summary>
    public static string NeedPath(Guid needId) => $"/conseiller/besoins/{needId}";

    /// <returns>How many events were written.</returns>
    public static async Task<int> TellAsync<TRow>(
        NpgsqlDataSource dataSource, TimeProvider clock, string markDue, Func<DateTime, object> parameters,
        Func<IReadOnlyList<TRow>, CancellationToken, Task<IEnumerable<INotification>>> events, CancellationToken cancellationToken)
    {
        var told = 0;
        while (true)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var due = (await connection.QueryAsync<TRow>(new CommandDefinition(
                markDue, parameters(clock.GetUtcNow().UtcDateTime), transaction, cancellationToken: cancellationToken))).AsList();
            foreach (var @event in await events(due, cancellationToken))
            {
                await transaction.EnqueueAsync(MatchingSchema.Name, @event);
            }

            await transaction.CommitAsync(cancellationToken);
            told += due.Count;
            if (due.Count < BatchSize)
            {
                return told;
            }
        }
    }
}
