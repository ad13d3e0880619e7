using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;

namespace PdE.Solicitations.Features.FollowUp.RecordMatchStatusForFollowUp;

/// <summary>
/// Keeps, for the requester's follow-up page, how each advisor answered (taken, declined, closed). Once per event; an
/// event older than the one already recorded changes nothing, and one that overtakes its MatchCreated still counts.
/// </summary>
internal sealed class RecordMatchStatusForFollowUpHandler(NpgsqlDataSource dataSource) : INotificationHandler<MatchStatusChanged>
{
    private const string Record = """
        insert into solicitations.follow_up_match
            (match_id, solicitation_id, institution_name, created_at, expert_name, status, taken_at, closed_at, status_changed_at)
        select @MatchId, s.id, @InstitutionName, @ChangedAt, @ExpertName, @NewStatus, @TakenAt, @ClosedAt, @ChangedAt
        from solicitations.solicitation s where s.id = @SolicitationId
        on conflict (match_id) do update
        set expert_name = excluded.expert_name, status = excluded.status, taken_at = excluded.taken_at,
            closed_at = excluded.closed_at, status_changed_at = excluded.status_changed_at
        where follow_up_match.status_changed_at is null or follow_up_match.status_changed_at <= excluded.status_changed_at
        """;

    public async ValueTask Handle(MatchStatusChanged changed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.TryMarkProcessedAsync(SolicitationsSchema.Name, changed.EventId, nameof(RecordMatchStatusForFollowUpHandler)))
        {
            await connection.ExecuteAsync(Record, new
            {
                changed.MatchId, changed.SolicitationId, changed.InstitutionName, changed.ExpertName, changed.NewStatus,
                changed.ChangedAt, TakenAt = changed.TakenCareOfAt, changed.ClosedAt,
            }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
