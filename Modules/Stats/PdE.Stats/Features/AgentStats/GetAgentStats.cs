using Dapper;
using Mediator;
using Npgsql;
using PdE.Stats.Features.Shared;
using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.AgentStats;

/// <summary>
/// The team's and the managers' figures: the matches sent and what their experts answered, and the needs by their status
/// now, each counted in the Paris month the need was sent, narrowed by the filter and by an antenne or a set of experts.
/// Every match (the team's view) is read from the cubes; an antenne's or a few experts' (a manager's), from the facts.
/// By antenne only for the latter.
/// </summary>
/// <param name="AntenneId">Only the matches sent to this antenne's experts.</param>
/// <param name="ExpertIds">Only the matches sent to these experts (a manager's perimeter, deleted experts included).</param>
internal sealed record GetAgentStats(StatsFilter Filter, Guid? AntenneId = null, IReadOnlyList<Guid>? ExpertIds = null) : IQuery<AgentStats>;

/// <param name="Matches">By month, newest first.</param>
/// <param name="Needs">By month, newest first: the needs with at least one match in scope.</param>
/// <param name="ByInstitution">The matches of the period by the expert's institution (null: unknown), most sent first.</param>
/// <param name="ByAntenne">Likewise by the expert's antenne.</param>
internal sealed record AgentStats(
    IReadOnlyList<StatusMonth> Matches, IReadOnlyList<StatusMonth> Needs, IReadOnlyList<StatusTally> ByInstitution, IReadOnlyList<StatusTally> ByAntenne)
{
    public static readonly AgentStats Empty = new([], [], [], []);
}

/// <summary>The matches of a period sent to one institution's (or antenne's) experts, and how many are now in each status.</summary>
internal sealed record StatusTally(
    Guid? Key, long Sent, long Positioned, long TakingCare, long Done, long DoneNoHelp, long DoneNotReachable, long NotForMe);

/// <summary>A month's matches (or needs) sent, and how many of them are now in each status.</summary>
/// <param name="Positioned">Answered in any way: no longer waiting (<c>quo</c>).</param>
internal sealed record StatusMonth(
    DateOnly Month, long Sent, long Positioned, long TakingCare, long Done, long DoneNoHelp, long DoneNotReachable, long NotForMe);

internal sealed class GetAgentStatsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetAgentStats, AgentStats>
{
    private const string InScope = """
        (@InstitutionId::uuid is null or m.institution_id = @InstitutionId)
        and (@AntenneId::uuid is null or m.antenne_id = @AntenneId)
        and (@ExpertIds::uuid[] is null or m.expert_id = any(@ExpertIds))
        """;

    private const string Count = """
        select {1}, count(*) as Sent,
               count(*) filter (where {0} <> 'quo') as Positioned,
               count(*) filter (where {0} = 'taking_care') as TakingCare,
               count(*) filter (where {0} = 'done') as Done,
               count(*) filter (where {0} = 'done_no_help') as DoneNoHelp,
               count(*) filter (where {0} = 'done_not_reachable') as DoneNotReachable,
               count(*) filter (where {0} = 'not_for_me') as NotForMe
        """;

    private static readonly string Figures = $"""
        with needs as ({FilteredFacts.Needs})
        {string.Format(Count, "m.status", Month)}
        from needs n join stats.match_fact m on m.need_id = n.need_id
        where {InScope}
        group by 1 order by 1 desc;

        with needs as ({FilteredFacts.Needs})
        {string.Format(Count, "coalesce(n.status, 'quo')", Month)}
        from needs n
        where exists (select 1 from stats.match_fact m where m.need_id = n.need_id and {InScope})
        group by 1 order by 1 desc;

        with needs as ({FilteredFacts.Needs})
        {string.Format(Count, "m.status", "m.institution_id as Key")}
        from needs n join stats.match_fact m on m.need_id = n.need_id
        where {InScope}
        group by 1 order by 2 desc, 1;

        with needs as ({FilteredFacts.Needs})
        {string.Format(Count, "m.status", "m.antenne_id as Key")}
        from needs n join stats.match_fact m on m.need_id = n.need_id
        where {InScope}
        group by 1 order by 2 desc, 1;
        """;

    private const string Month = "date_trunc('month', n.routed_at at time zone 'Europe/Paris')::date as Month";

    private const string Sum = """
        select {1}, sum(c.{0}) as Sent,
               coalesce(sum(c.{0}) filter (where c.status <> 'quo'), 0) as Positioned,
               coalesce(sum(c.{0}) filter (where c.status = 'taking_care'), 0) as TakingCare,
               coalesce(sum(c.{0}) filter (where c.status = 'done'), 0) as Done,
               coalesce(sum(c.{0}) filter (where c.status = 'done_no_help'), 0) as DoneNoHelp,
               coalesce(sum(c.{0}) filter (where c.status = 'done_not_reachable'), 0) as DoneNotReachable,
               coalesce(sum(c.{0}) filter (where c.status = 'not_for_me'), 0) as NotForMe
        """;

    // Every match (the team's view): the cubes the facts keep summed (stats/0010), at the level the filter needs. In the
    // match cube an institution null is an unknown one.
    private static string CubeFigures(StatsFilter filter) => $"""
        {string.Format(Sum, "matches", "c.month as Month")}
        from {Cube.Matches.Rows(filter)}
        group by 1 having sum(c.matches) > 0 order by 1 desc;

        {string.Format(Sum, "needs", "c.month as Month")}
        from {Cube.NeedStatuses.Rows(filter)}
        group by 1 having sum(c.needs) > 0 order by 1 desc;

        {string.Format(Sum, "matches", "c.institution_id as Key")}
        from {Cube.Matches.Rows(filter, Cube.Institution)}
        group by 1 having sum(c.matches) > 0 order by 2 desc, 1;
        """;

    public async ValueTask<AgentStats> Handle(GetAgentStats query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = query.Filter.SqlParameters();
        parameters.AddDynamicParams(new { query.AntenneId, ExpertIds = query.ExpertIds?.ToArray() });
        var everyMatch = query.AntenneId is null && query.ExpertIds is null;
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(everyMatch ? CubeFigures(query.Filter) : Figures, parameters, cancellationToken: cancellationToken));
        var matches = (await results.ReadAsync<StatusRow>()).Select(r => r.ToMonth()).ToList();
        var needs = (await results.ReadAsync<StatusRow>()).Select(r => r.ToMonth()).ToList();
        var byInstitution = (await results.ReadAsync<StatusTally>()).AsList();
        var byAntenne = everyMatch ? [] : (await results.ReadAsync<StatusTally>()).AsList();
        return new AgentStats(matches, needs, byInstitution, byAntenne);
    }

    private sealed record StatusRow(
        DateOnly Month, long Sent, long Positioned, long TakingCare, long Done, long DoneNoHelp, long DoneNotReachable, long NotForMe)
    {
        public StatusMonth ToMonth() => new(Month, Sent, Positioned, TakingCare, Done, DoneNoHelp, DoneNotReachable, NotForMe);
    }
}
