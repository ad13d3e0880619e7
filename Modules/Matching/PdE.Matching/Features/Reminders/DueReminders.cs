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

    /// <summary>
    /// Marks in <paramref name="markColumn"/> (a fixed column name, never typed) the needs nobody took in charge whose first
    /// sending is between @SentAfter and @SentBefore and which were not marked yet; returns them as <see cref="DueNeed"/>.
    /// </summary>
    public static string MarkNeedsNobodyTook(string markColumn) => $"""
        with due as (
            select n.id
            from matching.need n
            where n.status = 'quo' and n.{markColumn} is null
              and n.created_at <= @SentBefore
              and (select min(m.sent_at) from matching.match m where m.need_id = n.id) between @SentAfter and @SentBefore
            order by n.created_at
            limit @BatchSize
            for update of n skip locked
        )
        update matching.need n set {markColumn} = @Now
        from due
        where n.id = due.id
        returning n.id as NeedId, n.solicitation_id as SolicitationId,
                  (select min(m.sent_at) from matching.match m where m.need_id = n.id) as SentAt,
                  (select count(*)::int from matching.match m where m.need_id = n.id and m.sent_at is not null) as ExpertCount
        """;

    /// <summary>Where a need is read and answered (the link of the experts' e-mails).</summary>
    public static string NeedPath(Guid needId) => $"/conseiller/besoins/{needId}";

    /// <returns>How many events were written.</returns>
    public static Task<int> TellAsync<TRow>(
        NpgsqlDataSource dataSource, TimeProvider clock, string markDue, Func<DateTime, object> parameters,
        Func<IReadOnlyList<TRow>, CancellationToken, Task<IEnumerable<INotification>>> events, CancellationToken cancellationToken) =>
        TellAsync<TRow>(dataSource, clock, markDue, parameters, (due, _, _, token) => events(due, token), cancellationToken);

    /// <summary>
    /// As above, the events' callback also given the batch's transaction and instant, to write rows of its own with them
    /// (e.g. a survey per need): a row it finds written already gets no event.
    /// </summary>
    /// <returns>How many events were written.</returns>
    public static async Task<int> TellAsync<TRow>(
        NpgsqlDataSource dataSource, TimeProvider clock, string markDue, Func<DateTime, object> parameters,
        Func<IReadOnlyList<TRow>, NpgsqlTransaction, DateTime, CancellationToken, Task<IEnumerable<INotification>>> events,
        CancellationToken cancellationToken)
    {
        var told = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var due = (await connection.QueryAsync<TRow>(new CommandDefinition(
                markDue, parameters(now), transaction, cancellationToken: cancellationToken))).AsList();
            foreach (var @event in await events(due, transaction, now, cancellationToken))
            {
                await transaction.EnqueueAsync(MatchingSchema.Name, @event);
                told++;
            }

            await transaction.CommitAsync(cancellationToken);
            if (due.Count < BatchSize)
            {
                return told;
            }
        }
    }

    internal sealed record DueNeed(Guid NeedId, Guid SolicitationId, DateTime SentAt, int ExpertCount);
}
