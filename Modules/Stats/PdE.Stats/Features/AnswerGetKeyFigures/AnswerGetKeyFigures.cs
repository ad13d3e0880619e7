using System.Collections.Concurrent;
using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Stats.Contracts;
using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.AnswerGetKeyFigures;

/// <summary>
/// Counts a Paris calendar year's facts: requests received, needs sent, companies helped, advisors who answered. Companies
/// and advisors are distinct counts, which no cube holds: at 1,000,000 requests the count takes about a second, so the page
/// reads the figures kept in memory (<see cref="KeyFiguresMemory"/>).
/// </summary>
internal sealed class AnswerGetKeyFiguresHandler(NpgsqlDataSource dataSource, KeyFiguresMemory memory, ILogger<AnswerGetKeyFiguresHandler> logger)
    : IQueryHandler<GetKeyFigures, KeyFigures>
{
    private const string CountYear = """
        select (select count(*) from stats.request_fact where received_at >= @From and received_at < @To) as RequestsReceived,
               (select count(*) from stats.need_fact where routed_at >= @From and routed_at < @To) as NeedsRouted,
               (select count(distinct r.siret)
                from stats.need_fact n
                join stats.need_progress p on p.need_id = n.need_id and p.first_taken_in_charge_at is not null
                join stats.request_fact r on r.solicitation_id = n.solicitation_id
                where n.routed_at >= @From and n.routed_at < @To and r.siret is not null) as CompaniesHelped,
               (select count(distinct expert_id) from stats.match_status_change
                where occurred_at >= @From and occurred_at < @To and to_status <> 'quo') as ActiveAdvisors
        """;

    public ValueTask<KeyFigures> Handle(GetKeyFigures query, CancellationToken cancellationToken) =>
        memory.GetAsync(query.Year, token => CountAsync(query.Year, token), logger, cancellationToken);

    private async Task<KeyFigures> CountAsync(int year, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<KeyFigures>(new CommandDefinition(CountYear, new
        {
            From = StatsFilter.ParisMonthStart(new DateOnly(year, 1, 1)),
            To = StatsFilter.ParisMonthStart(new DateOnly(year + 1, 1, 1)),
        }, commandTimeout: 120, cancellationToken: cancellationToken));
    }
}

/// <summary>
/// Each year's key figures as last counted. The first reader of a year on a host waits for the count; once they are
/// <see cref="KeptFor"/> old, the next reader still gets them at once while one count runs in the background, so no visitor
/// waits for it again and the figures are at most five minutes (and a count) old.
/// </summary>
internal sealed class KeyFiguresMemory(TimeProvider clock)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<int, Counted> years = new();

    public async ValueTask<KeyFigures> GetAsync(
        int year, Func<CancellationToken, Task<KeyFigures>> count, ILogger logger, CancellationToken cancellationToken)
    {
        if (!years.TryGetValue(year, out var counted))
        {
            var figures = await count(cancellationToken);
            years[year] = new Counted(figures, clock.GetUtcNow());
            return figures;
        }

        if (clock.GetUtcNow() - counted.At >= KeptFor && counted.StartRecount())
        {
            _ = RecountAsync(year, counted, count, logger);
        }

        return counted.Figures;
    }

    private async Task RecountAsync(int year, Counted stale, Func<CancellationToken, Task<KeyFigures>> count, ILogger logger)
    {
        try
        {
            years[year] = new Counted(await count(CancellationToken.None), clock.GetUtcNow());
        }
        catch (Exception ex)
        {
            // The page keeps showing the last figures; the next reader tries again.
            logger.LogWarning(ex, "Counting the key figures of {Year} again failed: the page shows those of {CountedAt:u}", year, stale.At);
            stale.EndRecount();
        }
    }

    private sealed class Counted(KeyFigures figures, DateTimeOffset at)
    {
        private int recounting;

        public KeyFigures Figures { get; } = figures;

        public DateTimeOffset At { get; } = at;

        /// <summary>Whether this caller starts the recount (only one does).</summary>
        public bool StartRecount() => Interlocked.Exchange(ref recounting, 1) == 0;

        public void EndRecount() => Interlocked.Exchange(ref recounting, 0);
    }
}
