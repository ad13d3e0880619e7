using Dapper;
using Mediator;
using Npgsql;
using PdE.Stats.Features.CountActivity;

namespace PdE.Stats.Features.ShowPublicStats;

internal sealed record GetPublicStats : IQuery<PublicStats>;

/// <param name="Months">Each month with activity, newest first (Paris months).</param>
internal sealed record PublicStats(
    long SolicitationsReceived, long NeedsRouted, long NeedsTakenInCharge, long NeedsClosed, Satisfaction Satisfaction, IReadOnlyList<MonthStats> Months);

/// <param name="NeedsTakenInCharge">Needs an expert first took in charge that month: an exchange with the company began.</param>
/// <param name="NeedsClosed">Needs first closed that month, with or without help.</param>
internal sealed record MonthStats(DateOnly Month, long SolicitationsReceived, long NeedsRouted, long NeedsTakenInCharge = 0, long NeedsClosed = 0);

/// <summary>The requesters' answers to the satisfaction survey: how many answered, were contacted, found the exchange useful.</summary>
internal sealed record Satisfaction(long Answers, long Contacted, long Useful)
{
    /// <summary>Of those an expert contacted, the share who found the exchange useful (0 to 1); null before any such answer.</summary>
    public double? UsefulRate => Contacted == 0 ? null : (double)Useful / Contacted;
}

internal sealed class GetPublicStatsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetPublicStats, PublicStats>
{
    private const string ByMonth = """
        select month as Month,
               coalesce(sum(value) filter (where metric = @Received), 0) as SolicitationsReceived,
               coalesce(sum(value) filter (where metric = @Routed), 0) as NeedsRouted,
               coalesce(sum(value) filter (where metric = @TakenInCharge), 0) as NeedsTakenInCharge,
               coalesce(sum(value) filter (where metric = @Closed), 0) as NeedsClosed
        from stats.monthly_counter
        where metric in (@Received, @Routed, @TakenInCharge, @Closed)
        group by month
        having sum(value) <> 0
        order by month desc;

        select count(*) as Answers, count(*) filter (where contacted_by_expert) as Contacted,
               count(*) filter (where contacted_by_expert and useful_exchange) as Useful
        from stats.satisfaction_answer;
        """;

    public async ValueTask<PublicStats> Handle(GetPublicStats query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ByMonth, new
        {
            Received = Metrics.SolicitationsReceived, Routed = Metrics.NeedsRouted, TakenInCharge = Metrics.NeedsTakenInCharge, Closed = Metrics.NeedsClosed,
        }, cancellationToken: cancellationToken));
        var months = (await results.ReadAsync<(DateTime Month, long Received, long Routed, long TakenInCharge, long Closed)>())
            .Select(r => new MonthStats(DateOnly.FromDateTime(r.Month), r.Received, r.Routed, r.TakenInCharge, r.Closed))
            .ToList();
        var satisfaction = await results.ReadSingleAsync<Satisfaction>();
        return new PublicStats(months.Sum(m => m.SolicitationsReceived), months.Sum(m => m.NeedsRouted), months.Sum(m => m.NeedsTakenInCharge),
            months.Sum(m => m.NeedsClosed), satisfaction, months);
    }
}
