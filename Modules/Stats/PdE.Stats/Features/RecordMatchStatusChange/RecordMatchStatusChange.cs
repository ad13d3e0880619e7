using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;
using PdE.Stats.Data;
using PdE.Stats.Features.CountActivity;

namespace PdE.Stats.Features.RecordMatchStatusChange;

/// <summary>
/// Keeps every answer of an expert to a match, once per event, and counts each need once in the Paris month it was first
/// taken in charge and once in the month it was first closed, from the need's status Matching recomputed. An undo moves no
/// counter; an event that arrives after a later one of the same need moves the count to its own, earlier, month. The need's
/// first closing with help (need status <c>done</c>) is kept too, for the figures by need.
/// </summary>
internal sealed class RecordMatchStatusChangeHandler(NpgsqlDataSource dataSource) : INotificationHandler<MatchStatusChanged>
{
    private const string Receiver = "match_status_change";

    /// <summary>Need statuses of a need one of whose experts took it (closing comes after taking).</summary>
    private static readonly string[] TakenInCharge = ["taking_care", "done", "done_no_help", "done_not_reachable"];

    private static readonly string[] Closed = ["done", "done_no_help", "done_not_reachable"];

    private const string Record = """
        insert into stats.match_status_change
            (event_id, match_id, need_id, solicitation_id, expert_id, antenne_id, institution_id, from_status, to_status, need_status, occurred_at)
        values (@EventId, @MatchId, @NeedId, @SolicitationId, @ExpertId, @AntenneId, @InstitutionId, @PreviousStatus, @NewStatus, @NeedStatus, @At)
        """;

    private const string CreateProgress = "insert into stats.need_progress (need_id) values (@NeedId) on conflict do nothing";

    // Locked: two answers of the same need, delivered together, are counted one after the other.
    private const string LockProgress = """
        select first_taken_in_charge_at as FirstTakenInChargeAt, first_closed_at as FirstClosedAt
        from stats.need_progress where need_id = @NeedId
        for update
        """;

    private const string SetProgress = """
        update stats.need_progress set first_taken_in_charge_at = @FirstTakenInChargeAt, first_closed_at = @FirstClosedAt,
            first_done_at = case when @Done then least(first_done_at, @At) else first_done_at end
        where need_id = @NeedId
        """;

    private const string Add = """
        insert into stats.monthly_counter (metric, month, value)
        values (@Metric, date_trunc('month', @At at time zone 'Europe/Paris')::date, @Delta)
        on conflict (metric, month) do update set value = stats.monthly_counter.value + @Delta
        """;

    public async ValueTask Handle(MatchStatusChanged changed, CancellationToken cancellationToken)
    {
        var at = DateTime.SpecifyKind(changed.ChangedAt, DateTimeKind.Utc);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.TryMarkProcessedAsync(StatsSchema.Name, changed.EventId, Receiver))
        {
            await connection.ExecuteAsync(new CommandDefinition(Record, new
            {
                changed.EventId, changed.MatchId, changed.NeedId, changed.SolicitationId, changed.ExpertId, changed.AntenneId,
                changed.InstitutionId, changed.PreviousStatus, changed.NewStatus, changed.NeedStatus, At = at,
            }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(CreateProgress, new { changed.NeedId }, transaction, cancellationToken: cancellationToken));
            var progress = await connection.QuerySingleAsync<Progress>(
                new CommandDefinition(LockProgress, new { changed.NeedId }, transaction, cancellationToken: cancellationToken));
            var firstTakenInCharge = await CountFirstAsync(connection, transaction, Metrics.NeedsTakenInCharge, progress.FirstTakenInChargeAt,
                TakenInCharge.Contains(changed.NeedStatus) ? at : null, cancellationToken);
            var firstClosed = await CountFirstAsync(connection, transaction, Metrics.NeedsClosed, progress.FirstClosedAt,
                Closed.Contains(changed.NeedStatus) ? at : null, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(SetProgress,
                new
                {
                    changed.NeedId, FirstTakenInChargeAt = firstTakenInCharge, FirstClosedAt = firstClosed, Done = changed.NeedStatus == "done", At = at,
                }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Counts the need in the month it first reached a state: when this event (<paramref name="reached"/>, null if it did
    /// not reach it) is the first, or earlier than the one counted so far (then taken out of its month).
    /// </summary>
    /// <returns>The need's first time in that state, as now known.</returns>
    private static async Task<DateTime?> CountFirstAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string metric, DateTime? counted, DateTime? reached,
        CancellationToken cancellationToken)
    {
        if (reached is not { } at || counted <= at)
        {
            return counted;
        }

        if (counted is { } later)
        {
            await connection.ExecuteAsync(new CommandDefinition(Add, new { Metric = metric, At = later, Delta = -1 }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(Add, new { Metric = metric, At = at, Delta = 1 }, transaction, cancellationToken: cancellationToken));
        return at;
    }

    private sealed record Progress(DateTime? FirstTakenInChargeAt, DateTime? FirstClosedAt);
}
