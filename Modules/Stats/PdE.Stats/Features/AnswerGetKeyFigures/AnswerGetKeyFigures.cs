using Dapper;
using Mediator;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using PdE.Stats.Contracts;
using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.AnswerGetKeyFigures;

/// <summary>
/// Counts a Paris calendar year's facts: requests received, needs sent, companies helped, advisors who answered. Kept five
/// minutes: a year's figures move slowly, and at 1,000,000 requests counting them takes about a second.
/// </summary>
internal sealed class AnswerGetKeyFiguresHandler(NpgsqlDataSource dataSource, IMemoryCache cache) : IQueryHandler<GetKeyFigures, KeyFigures>
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

    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    public async ValueTask<KeyFigures> Handle(GetKeyFigures query, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync((nameof(GetKeyFigures), query.Year), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = KeptFor;
            return CountAsync(query.Year, cancellationToken);
        }))!;

    private async Task<KeyFigures> CountAsync(int year, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<KeyFigures>(new CommandDefinition(CountYear, new
        {
            From = StatsFilter.ParisMonthStart(new DateOnly(year, 1, 1)),
            To = StatsFilter.ParisMonthStart(new DateOnly(year + 1, 1, 1)),
        }, cancellationToken: cancellationToken));
    }
}
