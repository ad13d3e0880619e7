using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Matches;
using PdE.Shared.Db;

namespace PdE.Matching.Features.AnswerSearchNeeds;

/// <summary>
/// The search box's needs. An admin's words are looked up in the needs' trigram index (migration 0014); when a word is
/// so common that more than <see cref="TextSearch.CountCap"/> needs hold it, the newest are found by walking the needs from
/// the newest. Another agent's are looked up in their experts' matches (the inbox's index, which keeps each match's
/// <c>search_head</c>), as the inbox's own search does: an agent's few thousand matches, not the million needs.
/// </summary>
internal sealed class AnswerSearchNeedsHandler(NpgsqlDataSource dataSource, IMediator mediator) : IQueryHandler<SearchNeeds, FoundNeeds>
{
    /// <summary>What each match keeps of its need's <c>search_text</c> (migration matching/0011).</summary>
    private const int SearchHeadLength = 500;

    private static string AllNeeds(IReadOnlyList<string> words) => $"""
        select n.id as NeedId, n.created_at as At from matching.need n
        where {TextSearch.FoldedContainsEvery("n.search_text", "Word", words)}
        limit @Cap
        """;

    private static string NewestNeedsWalking(IReadOnlyList<string> words) => $"""
        select t.id as NeedId, t.created_at as At from (
            select n.id, n.created_at, n.search_text from matching.need n where n.anonymised_at is null order by n.created_at desc offset 0
        ) t
        where {TextSearch.FoldedContainsEvery("t.search_text", "Word", words)}
        limit @Limit
        """;

    // A need sent to two of the agent's experts is one need: its matches are grouped after the limit, so the limit counts matches.
    private static readonly string AgentNeeds = $"""
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

        var parameters = new DynamicParameters(new
        {
            Cap = TextSearch.CountCap + 1, MatchCap = 3 * (TextSearch.CountCap + 1), query.Limit, Words = words.ToArray(), ExpertIds = experts,
        });
        TextSearch.AddWords(parameters, "Word", words);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "set local max_parallel_workers_per_gather = 0; set local plan_cache_mode = force_custom_plan",
            transaction: transaction, cancellationToken: cancellationToken));
        var hits = (await connection.QueryAsync<Hit>(new CommandDefinition(
            query.IsAdmin ? AllNeeds(words) : AgentNeeds, parameters, transaction, cancellationToken: cancellationToken))).AsList();
        var capped = hits.Count > TextSearch.CountCap;
        var counted = hits.OrderByDescending(h => h.At).ThenBy(h => h.NeedId).Take(TextSearch.CountCap).ToList();
        var newest = capped && query.IsAdmin
            ? (await connection.QueryAsync<Hit>(new CommandDefinition(NewestNeedsWalking(words), parameters, transaction, cancellationToken: cancellationToken))).AsList()
            : counted.Take(query.Limit).ToList();
        var needs = (await connection.QueryAsync<NeedRow>(new CommandDefinition(
            Needs, new { Ids = counted.Concat(newest).Select(h => h.NeedId).Distinct().ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(n => n.NeedId);
        await transaction.CommitAsync(cancellationToken);

        // Grouped in the order of their newest need (GroupBy keeps the order in which each SIRET first comes).
        var companies = counted.Where(h => needs.ContainsKey(h.NeedId) && needs[h.NeedId].Siret.Trim().Length > 0)
            .GroupBy(h => needs[h.NeedId].Siret.Trim())
            .Select(g => (Siret: g.Key, Latest: g.First(), Count: g.Count()))
            .Take(query.Limit)
            .Select(c => new FoundNeedCompany(c.Siret, needs[c.Latest.NeedId].CompanyName, c.Count))
            .ToList();
        return new FoundNeeds(Math.Min(hits.Count, TextSearch.CountCap), capped,
            [.. newest.Where(h => needs.ContainsKey(h.NeedId)).Select(h => (Hit: h, Need: needs[h.NeedId])).Select(x =>
                new FoundNeed(x.Need.NeedId, x.Need.CompanyName, x.Need.Siret.Trim(), x.Need.SubjectSlug, MatchStatus.Label(x.Need.Status), x.Hit.At))],
            companies);
    }

    private sealed record Hit(Guid NeedId, DateTime At);

    private sealed record NeedRow(Guid NeedId, string? CompanyName, string Siret, string SubjectSlug, string Status);
}
