using Dapper;
using Mediator;
using Npgsql;
using PdE.Stats.Features.CountActivity;

namespace PdE.Stats.Features.ShowPublicStats;

internal sealed record GetPublicStats : IQuery<PublicStats>;

internal sealed record PublicStats(long SolicitationsReceived, long NeedsRouted, IReadOnlyList<MonthStats> Months);

internal sealed record MonthStats(DateOnly Month, long SolicitationsReceived, long NeedsRouted);

internal sealed class GetPublicStatsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetPublicStats, PublicStats>
{
    private const string ByMonth = """
        select month as Month,
               coalesce(sum(value) filter (where metric = @Received), 0) as SolicitationsReceived,
               coalesce(sum(value) filter (where metric = @Routed), 0) as NeedsRouted
        from stats.monthly_counter
        where metric in (@Received, @Routed)
        group by month
        order by month desc
        """;

    public async ValueTask<PublicStats> Handle(GetPublicStats query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(DateTime Month, long Received, long Routed)>(
            new CommandDefinition(ByMonth, new { Received = Metrics.SolicitationsReceived, Routed = Metrics.NeedsRouted }, cancellationToken: cancellationToken)))
            .Select(r => new MonthStats(DateOnly.FromDateTime(r.Month), r.Received, r.Routed))
            .ToList();
        return new PublicStats(rows.Sum(r => r.SolicitationsReceived), rows.Sum(r => r.NeedsRouted), rows);
    }
}
