using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Matches;
using Microsoft.Extensions.Configuration;
using PdE.Shared.Db;

namespace PdE.Matching.Features.AnswerSearchNeeds;

/// <summary>
/// The search box's needs, found the way that suits the words and the agent:
/// <list type="bullet">
/// <item>words the planner expects in few needs: the needs' trigram index (migration 0014), up to <see cref="TextSearch.CountCap"/>
/// hits, for an admin all of them, for another agent those with one of their experts' matches;</item>
/// <item>common words (<see cref="PlanEstimate.CommonPast"/>, <c>Search:CommonWordsPast</c>): for an admin, the needs walked from the newest, up to
/// <see cref="TextSearch.CommonWordCap"/> hits; for another agent, their experts' matches, where they come soon;</item>
/// <item>an agent whose experts hold at most <c>Inbox:SearchNeedsPast</c> matches (50,000): their matches, whatever the words,
/// as the inbox's own search does (the index it reads keeps each match's <c>search_head</c>).</item>
/// </list>
/// </summary>
internal sealed class AnswerSearchNeedsHandler(NpgsqlDataSource dataSource, IMediator mediator, IConfiguration configuration)
    : IQueryHandler<SearchNeeds, FoundNeeds>
{
    /// <summary>What each match keeps of its need's <c>search_text</c> (migration matching/0011).</summary>
    private const int SearchHeadLength = 500;

    private long SearchNeedsPast => configuration.GetValue("Inbox:SearchNeedsPast", 50_000L);

    private double CommonWordsPast => configuration.GetValue("Search:CommonWordsPast", PlanEstimate.CommonPast);

    private static string Matching(IReadOnlyList<string> words) =>
        $"select 1 from matching.need n where {TextSearch.FoldedContainsEvery("n.search_text", "Word", words)}";

    private static string AllByIndex(IReadOnlyList<string> words) => $"""
        select n.id as NeedId, n.created_at as At from matching.need n
        where {TextSearch.FoldedContainsEvery("n.search_text", "Word", words)}
        limit @Cap
        """;

    // "offset 0" keeps the newest-first range as the plan: left to itself, the planner would ask the trigram index.
    private static string AllWalking(IReadOnlyList<string> words) => $"""
        select t.id as NeedId, t.created_at as At from (
            select n.id, n.created_at, n.search_text from matching.need n where n.anonymised_at is null order by n.created_at desc offset 0
        ) t
        where {TextSearch.FoldedContainsEvery("t.search_text", "Word", words)}
        limit @Cap
        """;

    private static string AgentByIndex(IReadOnlyList<string> words) => $"""
        select n.id as NeedId,
               (select max(m.sent_at) from matching.match m where m.need_id = n.id and m.expert_id = any(@ExpertIds) and m.sent_at is not null) as At
        from matching.need n
        where {TextSearch.FoldedContainsEvery("n.search_text", "Word", words)}
          and exists (select 1 from matching.match m where m.need_id = n.id and m.expert_id = any(@ExpertIds) and m.sent_at is not null)
        limit @Cap
        """;

    // A need sent to two of the agent's experts is one need: its matches are grouped after the limit, so the limit counts matches.
    private static readonly string AgentMatches = $"""
        with search as (
            select array_agg('%' || {TextSearch.Fold("w.word")} || '%') as patterns from unnest(@Words::text[]) as w(word)
        )
        select h.need_id as NeedId, max(h.sent_at) as At from (
            select m.need_id, m.sent_at from matching.match m, search
            where m.expert_id = any(@ExpertIds) and m.sent_at is not null
              and (m.search_head like all (search.patterns)
                   or (length(m.search_head) >= {SearchHeadLength}
                       and exists (select 1 from matching.need n where n.id = m.need_id and n.search_text like all (search.patterns))))
            limit @MatchCap
        ) h
        group by h.need_id
        """;

    private const string AgentMatchCount = "select coalesce(sum(count), 0) from matching.expert_match_count where expert_id = any(@ExpertIds)";

    private const string Needs = """
        select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, n.status as Status
        from matching.need n where n.id = any(@Ids)
        """;

    public async ValueTask<FoundNeeds> Handle(SearchNeeds query, CancellationToken cancellationToken)
    {
        var words = TextSearch.WordsOf(query.Text);
        if (words.Count == 0)
        {
            return new FoundNeeds(0, false, [], []);
        }

        Guid[] experts = [];
        if (!query.IsAdmin)
        {
            var own = await mediator.Send(new GetExpertsOfUser(query.UserId), cancellationToken);
            var perimeter = query.IsManager ? await mediator.Send(new GetManagedPerimeter(query.UserId), cancellationToken) : [];
            experts = [.. own.Select(e => e.ExpertId).Concat(perimeter.SelectMany(a => a.ExpertIds)).Distinct()];
            if (experts.Length == 0)
            {
                return new FoundNeeds(0, false, [], []);
            }
        }

        var parameters = new DynamicParameters(new { Words = words.ToArray(), ExpertIds = experts });
        TextSearch.AddWords(parameters, "Word", words);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await TextSearch.BeginSearchAsync(connection, cancellationToken);
        var fewMatches = !query.IsAdmin && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            AgentMatchCount, parameters, transaction, cancellationToken: cancellationToken)) <= SearchNeedsPast;
        var common = !fewMatches && await PlanEstimate.RowsAsync(connection, transaction, Matching(words), parameters, cancellationToken) > CommonWordsPast;
        var cap = common ? TextSearch.CommonWordCap : TextSearch.CountCap;
        parameters.AddDynamicParams(new { Cap = cap + 1, MatchCap = 3 * (cap + 1) });
        var sql = (query.IsAdmin, fewMatches || common) switch
        {
            (true, _) => common ? AllWalking(words) : AllByIndex(words),
            (false, true) => AgentMatches,
            (false, false) => AgentByIndex(words),
        };
        var hits = (await connection.QueryAsync<Hit>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken))).AsList();
        var counted = hits.OrderByDescending(h => h.At).ThenBy(h => h.NeedId).Take(cap).ToList();
        var needs = (await connection.QueryAsync<NeedRow>(new CommandDefinition(
            Needs, new { Ids = counted.Select(h => h.NeedId).ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(n => n.NeedId);
        await transaction.CommitAsync(cancellationToken);

        // Grouped in the order of their newest need (GroupBy keeps the order in which each SIRET first comes).
        var companies = counted.Where(h => needs.ContainsKey(h.NeedId) && needs[h.NeedId].Siret.Trim().Length > 0)
            .GroupBy(h => needs[h.NeedId].Siret.Trim())
            .Select(g => (Siret: g.Key, Latest: g.First(), Count: g.Count()))
            .Take(query.Limit)
            .Select(c => new FoundNeedCompany(c.Siret, needs[c.Latest.NeedId].CompanyName, c.Count))
            .ToList();
        return new FoundNeeds(counted.Count, hits.Count > cap,
            [.. counted.Take(query.Limit).Where(h => needs.ContainsKey(h.NeedId)).Select(h => (Hit: h, Need: needs[h.NeedId])).Select(x =>
                new FoundNeed(x.Need.NeedId, x.Need.CompanyName, x.Need.Siret.Trim(), x.Need.SubjectSlug, MatchStatus.Label(x.Need.Status), x.Hit.At))],
            companies);
    }

    private sealed record Hit(Guid NeedId, DateTime At);

    private sealed record NeedRow(Guid NeedId, string? CompanyName, string Siret, string SubjectSlug, string Status);
}
