using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;
using PdE.Stats.Data;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.RecordMatchStatusChange;

/// <summary>
/// Keeps every answer of an expert to a match, once per event (<c>stats.match_status_change</c>), and when each need was
/// first taken in charge, first closed and first closed with help (<c>stats.need_progress</c>), from the need's status
/// Matching recomputed. An undo moves nothing back; an answer that arrives after a later one of the same need makes its own,
/// earlier, time the first: the earliest wins, in whatever order the events come. The need's and the match's status now
/// (need_progress, match_fact) are the latest answer's.
/// </summary>
internal sealed class RecordMatchStatusChangeHandler(NpgsqlDataSource dataSource, ActivityFolder folder) : INotificationHandler<MatchStatusChanged>
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

    // least() ignores nulls: a time stays until an earlier one comes.
    private const string KeepStatusAndFirstTimes = """
        insert into stats.need_progress as p (need_id, first_taken_in_charge_at, first_closed_at, first_done_at, status, status_at)
        values (@NeedId, @TakenInChargeAt, @ClosedAt, @DoneAt, @NeedStatus, @At)
        on conflict (need_id) do update
        set first_taken_in_charge_at = least(p.first_taken_in_charge_at, excluded.first_taken_in_charge_at),
            first_closed_at = least(p.first_closed_at, excluded.first_closed_at),
            first_done_at = least(p.first_done_at, excluded.first_done_at),
            status = case when p.status_at is null or p.status_at <= excluded.status_at then excluded.status else p.status end,
            status_at = greatest(p.status_at, excluded.status_at);

        insert into stats.match_fact as m (match_id, need_id, expert_id, antenne_id, institution_id, status, status_at)
        values (@MatchId, @NeedId, @ExpertId, @AntenneId, @InstitutionId, @NewStatus, @At)
        on conflict (match_id) do update
        set status = case when m.status_at is null or m.status_at <= excluded.status_at then excluded.status else m.status end,
            status_at = greatest(m.status_at, excluded.status_at),
            antenne_id = coalesce(m.antenne_id, excluded.antenne_id), institution_id = coalesce(m.institution_id, excluded.institution_id)
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
            await connection.ExecuteAsync(new CommandDefinition(KeepStatusAndFirstTimes, new
            {
                changed.NeedId, changed.NeedStatus, changed.MatchId, changed.ExpertId, changed.AntenneId, changed.InstitutionId, changed.NewStatus, At = at,
                TakenInChargeAt = TakenInCharge.Contains(changed.NeedStatus) ? at : (DateTime?)null,
                ClosedAt = Closed.Contains(changed.NeedStatus) ? at : (DateTime?)null,
                DoneAt = changed.NeedStatus == "done" ? at : (DateTime?)null,
            }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        folder.Nudge();
    }
}
