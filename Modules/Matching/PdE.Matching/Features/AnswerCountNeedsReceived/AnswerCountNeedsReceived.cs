using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;

namespace PdE.Matching.Features.AnswerCountNeedsReceived;

/// <summary>The needs sent to each of a few experts since a date: what Directory's coverage anomalies show of experts without an account.</summary>
internal sealed class AnswerCountNeedsReceivedHandler(NpgsqlDataSource dataSource) : IQueryHandler<CountNeedsReceived, IReadOnlyDictionary<Guid, int>>
{
    private const string Count = """
        select expert_id, count(*)::int from matching.match
        where expert_id = any(@ExpertIds) and sent_at >= @Since
        group by expert_id
        """;

    public async ValueTask<IReadOnlyDictionary<Guid, int>> Handle(CountNeedsReceived query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid ExpertId, int Needs)>(new CommandDefinition(
            Count, new { ExpertIds = query.ExpertIds.ToArray(), query.Since }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.ExpertId, r => r.Needs);
    }
}
