using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.RecordSatisfactionAnswer;

/// <summary>
/// Keeps each requester's answer to the satisfaction survey, once per need (a need has one survey and one answer, so a
/// redelivered event changes nothing).
/// </summary>
internal sealed class RecordSatisfactionAnswerHandler(NpgsqlDataSource dataSource, ActivityFolder folder) : INotificationHandler<SatisfactionAnswered>
{
    private const string Record = """
        insert into stats.satisfaction_answer (need_id, solicitation_id, answered_at, contacted_by_expert, useful_exchange, has_comment)
        values (@NeedId, @SolicitationId, @AnsweredAt, @ContactedByExpert, @UsefulExchange, @HasComment)
        on conflict (need_id) do nothing
        """;

    public async ValueTask Handle(SatisfactionAnswered answered, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Record, new
        {
            answered.NeedId, answered.SolicitationId, AnsweredAt = DateTime.SpecifyKind(answered.AnsweredAt, DateTimeKind.Utc),
            answered.ContactedByExpert, answered.UsefulExchange, answered.HasComment,
        }, cancellationToken: cancellationToken));
        folder.Nudge();
    }
}
