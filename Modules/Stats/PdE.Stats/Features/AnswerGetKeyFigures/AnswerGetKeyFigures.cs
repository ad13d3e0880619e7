using Dapper;
using Mediator;
using Npgsql;
using PdE.Stats.Contracts;
using PdE.Stats.Features.CountActivity;

namespace PdE.Stats.Features.AnswerGetKeyFigures;

/// <summary>Sums the year's monthly counters kept by CountActivity.</summary>
internal sealed class AnswerGetKeyFiguresHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetKeyFigures, KeyFigures>
{
    private const string SumYear = """
        select coalesce(sum(value) filter (where metric = @Received), 0) as RequestsReceived,
               coalesce(sum(value) filter (where metric = @Routed), 0) as NeedsRouted
        from stats.monthly_counter
        where metric in (@Received, @Routed) and month >= make_date(@Year, 1, 1) and month < make_date(@Year + 1, 1, 1)
        """;

    public async ValueTask<KeyFigures> Handle(GetKeyFigures query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (received, routed) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(SumYear,
            new { Received = Metrics.SolicitationsReceived, Routed = Metrics.NeedsRouted, query.Year }, cancellationToken: cancellationToken));
        return new KeyFigures(received, routed);
    }
}
