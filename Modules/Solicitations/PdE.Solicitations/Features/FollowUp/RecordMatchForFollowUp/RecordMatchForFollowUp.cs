using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;

namespace PdE.Solicitations.Features.FollowUp.RecordMatchForFollowUp;

/// <summary>Keeps, for the requester's follow-up page, which institutions the request was sent to (once per event).</summary>
internal sealed class RecordMatchForFollowUpHandler(NpgsqlDataSource dataSource) : INotificationHandler<MatchCreated>
{
    private const string Record = """
        insert into solicitations.follow_up_match (match_id, solicitation_id, institution_name, created_at)
        select @MatchId, s.id, @InstitutionName, @CreatedAt from solicitations.solicitation s where s.id = @SolicitationId
        on conflict (match_id) do nothing
        """;

    public async ValueTask Handle(MatchCreated created, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.TryMarkProcessedAsync(SolicitationsSchema.Name, created.EventId, nameof(RecordMatchForFollowUpHandler)))
        {
            await connection.ExecuteAsync(Record, new { created.MatchId, created.SolicitationId, created.InstitutionName, created.CreatedAt }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
