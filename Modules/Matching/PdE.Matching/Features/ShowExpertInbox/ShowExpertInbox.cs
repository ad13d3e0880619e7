using System.Globalization;
using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PdE.Matching.Matches;
using PdE.Shared.Db;

namespace PdE.Matching.Features.ShowExpertInbox;

/// <summary>What narrows the inbox (every part optional).</summary>
/// <param name="Search">Free text, accent- and case-insensitive, on the company's name, SIRET (or SIREN), the subject and the
/// description: every word must be found.</param>
/// <param name="Subject">Slug of a subject: only the needs about it.</param>
/// <param name="From">First day (Paris time) the agent's match was sent on.</param>
/// <param name="To">Last day (Paris time) the agent's match was sent on.</param>
internal sealed record InboxFilter(string? Search = null, string? Subject = null, DateOnly? From = null, DateOnly? To = null);

/// <param name="ExpertIds">The experts the signed-in agent answers for.</param>
/// <param name="Page">The page's number: where it starts (25 needs a page) when no cursor is given; else only its label.</param>
/// <param name="After">The page after this need (« Page suivante »): it starts right after it, whatever was added or answered since.</param>
/// <param name="Before">The page before this need (« Page précédente »).</param>
internal sealed record ShowExpertInboxQuery(
    IReadOnlyList<Guid> ExpertIds, InboxTab Tab, int Page, InboxFilter? Filter = null, InboxCursor? After = null, InboxCursor? Before = null)
    : IQuery<ExpertInbox>;

/// <summary>
/// A need's place in its tab's order (its sort key, then its id): the page after it or before it is found from there (keyset
/// pages), so that needs added or answered between two pages neither repeat a need nor skip one, and the 250th page costs
/// what the first does. Written in links as <c>ticks.id</c>.
/// </summary>
internal sealed record InboxCursor(DateTime SortKey, Guid NeedId)
{
    public override string ToString() => $"{SortKey.Ticks.ToString(CultureInfo.InvariantCulture)}.{NeedId:N}";

    /// <summary>Null for anything this class did not write (an old or edited link shows the page by its number).</summary>
    public static InboxCursor? Parse(string? text) =>
        text?.Split('.') is [var ticks, var id]
        && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t >= DateTime.MinValue.Ticks && t <= DateTime.MaxValue.Ticks
        && Guid.TryParseExact(id, "N", out var needId)
            ? new InboxCursor(new DateTime(t, DateTimeKind.Utc), needId)
            : null;
}

/// <param name="Counts">Needs per tab slug, under the filter.</param>
/// <param name="Subjects">The subjects of the tab's needs under the search and dates (not the subject filter), with their count of needs.</param>
/// <param name="Page">The page's number, for its label (with a cursor, as the links counted it).</param>
internal sealed record ExpertInbox(
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<InboxNeed> Needs, int Page, int PageCount, IReadOnlyList<InboxSubject> Subjects)
{
    /// <summary>Needs come before this page's first: « Page précédente » leads to them.</summary>
    public bool HasPrevious { get; init; }

    /// <summary>Needs come after this page's last: « Page suivante » leads to them.</summary>
    public bool HasNext { get; init; }

    /// <summary>
    /// Set when a search found more needs than it counts (Inbox:SearchCountCap): the tabs have no count, the subjects none,
    /// and the pages go one after the other up to the cap's last.
    /// </summary>
    public int? UncountedPast { get; init; }
}

internal sealed record InboxSubject(string Slug, int Count);

/// <summary>A need as the inbox lists it (properties, not a positional record: Dapper maps PostgreSQL arrays to properties only).</summary>
internal sealed record InboxNeed
{
    public required Guid NeedId { get; init; }
    public string? CompanyName { get; init; }
    public required string Siret { get; init; }
    public required string SubjectSlug { get; init; }
    public required string Description { get; init; }

    /// <summary>When the agent's match was sent.</summary>
    public required DateTime ReceivedAt { get; init; }

    /// <summary>Its place in the tab's order: when it was sent, or last answered (closed and refused tabs).</summary>
    public required DateTime SortKey { get; init; }

    internal InboxCursor Cursor => new(SortKey, NeedId);

    /// <summary>Last answer of the agent's match, when any.</summary>
    public DateTime? ChangedAt { get; init; }

    /// <summary>Which of the agent's experts received it (their own, a team), comma-separated.</summary>
    public required string ExpertNames { get; init; }

    /// <summary>Where the company is, when intake knew it.</summary>
    public string? CommuneCode { get; init; }

    /// <summary>The agent's matches of this need in this tab (one per expert they answer for), in the order of <see cref="MatchExperts"/>.</summary>
    public Guid[] MatchIds { get; init; } = [];

    /// <summary>The expert of each of <see cref="MatchIds"/>.</summary>
    public string[] MatchExperts { get; init; } = [];
}

/// <summary>
/// The needs sent to the agent's experts, in the tab where the agent's own match stands: waiting
/// ones oldest first (the longest waiting comes first) until they expire 45 days after they were sent, in-progress ones
/// oldest first, closed, refused and expired ones newest first. Drafts (matches not sent yet) are never shown. Each tab's
/// count, the subjects and the page follow the same filter.
/// </summary>
internal sealed class ShowExpertInboxHandler(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration)
    : IQueryHandler<ShowExpertInboxQuery, ExpertInbox>
{
    public const int PageSize = 25;

    /// <summary>
    /// Which of the agent's sent matches each tab holds, as conditions the index <c>match_expert_inbox_idx</c> (expert, status,
    /// sent_at) can serve: the same rule as <see cref="InboxTab.OfMatch"/>.
    /// </summary>
    private static readonly Dictionary<InboxTab, string> TabConditions = new()
    {
        [InboxTab.Reception] = "m.status = 'quo' and m.sent_at > @ExpiredBefore",
        [InboxTab.Expired] = "m.status = 'quo' and m.sent_at <= @ExpiredBefore",
        [InboxTab.InProgress] = "m.status = 'taking_care'",
        [InboxTab.Declined] = "m.status = 'not_for_me'",
        [InboxTab.Closed] = "m.status in ('done', 'done_no_help', 'done_not_reachable')",
    };

    private static readonly string TabOfMatch =
        $"case {string.Concat(TabConditions.Select(t => $"when {t.Value} then '{t.Key.Slug}' "))}end";

    /// <summary>What each match keeps of its need's <c>search_text</c> (migration matching/0011).</summary>
    private const int SearchHeadLength = 500;

    /// <summary>
    /// How many sent matches the agent's experts may hold before a search looks the words up in the needs' trigram index
    /// (migration matching/0014) rather than in each of their matches (Inbox:SearchNeedsPast): reading an expert's matches
    /// costs about 1.5 µs each (0.3 s for the 200,000 of the busiest expert of the volume benchmark), the index about 0.1 s
    /// for a word found in 17,000 needs of a million, and a few milliseconds for a company's name or a SIRET.
    /// </summary>
    private long SearchNeedsPast => configuration.GetValue("Inbox:SearchNeedsPast", 50_000L);

    /// <summary>
    /// How many needs a search of an agent past <see cref="SearchNeedsPast"/> counts before it stops counting
    /// (Inbox:SearchCountCap): a common word (« export » in 9,000 of the 200,000 needs of the volume benchmark's busiest
    /// expert) cannot be counted in less than half a second, while its first 1,001 needs are found in tens of milliseconds
    /// and a page of them by walking the tab's index in order.
    /// </summary>
    private int SearchCountCap => configuration.GetValue("Inbox:SearchCountCap", 1000);

    private int LastUncountedPage => Math.Max(1, SearchCountCap / PageSize);

    /// <summary>Where a search looks its words up (<c>SearchNeedsPast</c>).</summary>
    private enum SearchIn
    {
        Nothing,
        Matches,
        Needs,
    }

    /// <summary>
    /// The agent's sent matches under the search, the dates and <paramref name="condition"/>. Without a search, or searching
    /// the matches, all is read from the covering index of the agent's matches: every word is looked for in the match's
    /// <c>search_head</c> (the start of its need's folded company name, SIRET, subject and description), and in the need's
    /// whole <c>search_text</c> only when that is longer. Searching the needs, the trigram index finds the needs with every
    /// word, and each is joined to the agent's match, if any, one need after the other (so that a count stopped at the cap
    /// stops reading needs there too).
    /// </summary>
    private static string Mine(string condition, SearchIn search, IReadOnlyList<string> words, bool oneExpert)
    {
        var mine = $"""
            m.id, m.need_id, m.sent_at, m.status_changed_at, m.subject_slug, {TabOfMatch} as tab
            """;
        var where = $"""
            {(oneExpert ? "m.expert_id = @ExpertId" : "m.expert_id = any(@ExpertIds)")} and m.sent_at is not null and {condition}
                  -- The Paris days' bounds as instants: a range of the index, not a date computed for each match.
                  and (@From::date is null or m.sent_at >= (@From::date::timestamp at time zone 'Europe/Paris'))
                  and (@To::date is null or m.sent_at < ((@To::date + 1)::timestamp at time zone 'Europe/Paris'))
            """;
        return search switch
        {
            SearchIn.Needs => $"""
                with mine as (
                    select found.*
                    from matching.need n
                    cross join lateral (
                        select {mine} from matching.match m where m.need_id = n.id and {where}
                    ) found
                    where {TextSearch.FoldedContainsEvery("n.search_text", "Word", words)}
                )
                """,
            SearchIn.Matches => $"""
                with search as (
                    -- Folded once, not once per match.
                    select array_agg('%' || {TextSearch.Fold("w.word")} || '%') as patterns from unnest(@Words::text[]) as w(word)
                ),
                mine as (
                    select {mine}
                    from matching.match m, search
                    where {where}
                      and (m.search_head like all (search.patterns)
                           or (length(m.search_head) >= {SearchHeadLength}
                               and exists (select 1 from matching.need n where n.id = m.need_id and n.search_text like all (search.patterns))))
                )
                """,
            _ => $"""
                with mine as (
                    select {mine}
                    from matching.match m
                    where {where}
                )
                """,
        };
    }

    /// <summary>Needs per tab and subject: a need has one subject, so a tab's count is the sum of its subjects' counts. An expert
    /// has at most one match per need: for one expert, counting matches counts needs.</summary>
    private static string Tally(bool oneExpert, SearchIn search, IReadOnlyList<string> words) => $"""
        {Mine("true", search, words, oneExpert)}
        select tab as Tab, subject_slug as Subject, {(oneExpert ? "count(*)" : "count(distinct need_id)")}::int as Count
        from mine
        group by tab, subject_slug
        """;

    /// <summary>
    /// One expert's needs per status and subject as kept in <c>matching.expert_match_count</c> (migration matching/0013), with
    /// the reception's share of the waiting ones counted from the index (a few weeks of the expert's matches): a view without
    /// search or dates reads no more than that, however long the expert's history.
    /// </summary>
    private const string KeptTally = """
        select k.status as Status, k.subject_slug as Subject, k.count::int as Count,
               coalesce(r.count, 0)::int as Recent
        from matching.expert_match_count k
        left join (
            select m.subject_slug, count(*) as count from matching.match m
            where m.expert_id = @ExpertId and m.status = 'quo' and m.sent_at > @ExpiredBefore
            group by m.subject_slug
        ) r on k.status = 'quo' and r.subject_slug = k.subject_slug
        where k.expert_id = @ExpertId and k.count > 0
        """;

    /// <summary>The kept counts by tab: the waiting ones split between the reception and the expired tab, the others by
    /// <see cref="InboxTab.OfAnswer"/>.</summary>
    private static IEnumerable<(string Tab, string Subject, int Count)> TabsOf(IEnumerable<(string Status, string Subject, int Count, int Recent)> kept) =>
        kept.SelectMany(k => k.Status == MatchStatus.Quo
            ? new[] { (InboxTab.Reception.Slug, k.Subject, k.Recent), (InboxTab.Expired.Slug, k.Subject, k.Count - k.Recent) }
            : [(InboxTab.OfAnswer(k.Status).Slug, k.Subject, k.Count)])
        .Where(t => t.Item3 > 0);

    /// <summary>The page's needs: chosen and sorted from the index alone, then only those read with their matches. For one
    /// expert, a match is a need: no grouping, and each tab's page is a range of an index in the tab's own order
    /// (<c>match_expert_inbox_idx</c> by sending date; <c>match_expert_answered_idx</c> by answer for the closed and refused
    /// tabs), from the cursor on when there is one.</summary>
    /// <param name="keyset">"&gt;" or "&lt;": the page after or before the cursor, in the tab's order; null: by offset.</param>
    private static string Needs(InboxTab tab, bool oneExpert, SearchIn search, IReadOnlyList<string> words, string? keyset, bool backwards)
    {
        var ascending = tab.NewestFirst == backwards;
        var direction = ascending ? "asc" : "desc";
        var byAnswer = tab.NewestFirst && tab != InboxTab.Expired;
        var sortKey = oneExpert
            ? byAnswer ? "coalesce(status_changed_at, sent_at)" : "sent_at"
            : byAnswer ? "coalesce(max(status_changed_at), min(sent_at))" : "min(sent_at)";
        var page = oneExpert
            ? $"""
                select need_id, sent_at as received_at, status_changed_at as changed_at, array[id] as match_ids, {sortKey} as sort_key
                from mine
                where (@Subject::text is null or subject_slug = @Subject)
                  {(keyset is null ? "" : $"and ({sortKey}, need_id) {keyset} (@CursorKey, @CursorNeed)")}
                """
            : $"""
                select * from (
                    select need_id, min(sent_at) as received_at, max(status_changed_at) as changed_at, array_agg(id) as match_ids, {sortKey} as sort_key
                    from mine
                    where @Subject::text is null or subject_slug = @Subject
                    group by need_id
                ) grouped
                {(keyset is null ? "" : $"where (sort_key, need_id) {keyset} (@CursorKey, @CursorNeed)")}
                """;
        // Ties (matches sent in the same instant) fall back on the need's id, a version 7 uuid: its creation order.
        return $"""
            {Mine(TabConditions[tab], search, words, oneExpert)},
            page as (
                {page}
                order by sort_key {direction}, need_id {direction}
                limit @Limit offset @Offset
            )
            select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, n.description as Description,
                   p.received_at as ReceivedAt, p.sort_key as SortKey, p.changed_at as ChangedAt, x.expert_names as ExpertNames,
                   n.commune_code as CommuneCode, x.match_ids as MatchIds, x.match_experts as MatchExperts
            from page p
            join matching.need n on n.id = p.need_id
            cross join lateral (
                select string_agg(m.expert_name, ', ' order by m.expert_name) as expert_names,
                       array_agg(m.id order by m.expert_name, m.id) as match_ids, array_agg(m.expert_name order by m.expert_name, m.id) as match_experts
                from matching.match m where m.id = any(p.match_ids)
            ) x
            order by p.sort_key {direction}, p.need_id {direction}
            """;
    }

    public async ValueTask<ExpertInbox> Handle(ShowExpertInboxQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter ?? new InboxFilter();
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        // A SIRET or SIREN typed with spaces ("732 829 320") is searched as its digits.
        if (search is not null && search.All(c => char.IsAsciiDigit(c) || c == ' '))
        {
            search = search.Replace(" ", "", StringComparison.Ordinal);
        }

        var subject = string.IsNullOrWhiteSpace(filter.Subject) ? null : filter.Subject.Trim();
        var words = search?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parameters = new DynamicParameters(new
        {
            ExpertIds = query.ExpertIds.ToArray(),
            ExpiredBefore = clock.GetUtcNow().UtcDateTime - InboxTab.ExpiresAfter,
            From = filter.From?.ToDateTime(TimeOnly.MinValue),
            To = filter.To?.ToDateTime(TimeOnly.MinValue),
            Words = words,
            Subject = subject,
        });
        TextSearch.AddWords(parameters, "Word", words ?? []);

        var experts = query.ExpertIds.Distinct().ToArray();
        var oneExpert = experts.Length == 1;
        parameters.AddDynamicParams(new { ExpertId = oneExpert ? experts[0] : Guid.Empty });
        var searching = words is not null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await TextSearch.BeginSearchAsync(connection, cancellationToken);
        var searchIn = !searching ? SearchIn.Nothing
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "select coalesce(sum(count), 0) from matching.expert_match_count where expert_id = any(@ExpertIds)",
                parameters, transaction, cancellationToken: cancellationToken)) > SearchNeedsPast ? SearchIn.Needs : SearchIn.Matches;
        string[] searched = words ?? [];
        int? uncountedPast = null;
        if (searchIn == SearchIn.Needs)
        {
            // Counted up to the cap, whatever the tab and subject; past it, the pages walk the tab's index in its order,
            // where a common word's needs come soon.
            parameters.AddDynamicParams(new { CapPlusOne = SearchCountCap + 1 });
            var found = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"{Mine("true", SearchIn.Needs, searched, oneExpert)} select count(*)::int from (select 1 from mine limit @CapPlusOne) capped",
                parameters, transaction, cancellationToken: cancellationToken));
            if (found > SearchCountCap)
            {
                (uncountedPast, searchIn) = (SearchCountCap, SearchIn.Matches);
            }
        }

        var uncounted = uncountedPast is not null;
        List<(string Tab, string Subject, int Count)> tally = uncounted ? []
            : oneExpert && !searching && filter.From is null && filter.To is null
            ? TabsOf(await connection.QueryAsync<(string, string, int, int)>(
                new CommandDefinition(KeptTally, parameters, transaction, cancellationToken: cancellationToken))).ToList()
            : (await connection.QueryAsync<(string Tab, string Subject, int Count)>(
                new CommandDefinition(Tally(oneExpert, searchIn, searched), parameters, transaction, cancellationToken: cancellationToken))).AsList();
        var counts = tally.Where(t => subject is null || t.Subject == subject)
            .GroupBy(t => t.Tab).ToDictionary(g => g.Key, g => g.Sum(t => t.Count));
        // Uncounted, the subjects to choose from are all the agent's, without counts.
        var subjects = uncounted
            ? (await connection.QueryAsync<string>(new CommandDefinition(
                    "select distinct subject_slug from matching.expert_match_count where expert_id = any(@ExpertIds) and count > 0",
                    parameters, transaction, cancellationToken: cancellationToken)))
                .Select(s => new InboxSubject(s, 0)).ToList()
            : tally.Where(t => t.Tab == query.Tab.Slug).Select(t => new InboxSubject(t.Subject, t.Count)).ToList();
        var total = counts.GetValueOrDefault(query.Tab.Slug);
        // Uncounted, whether the tab has needs under the search is known only from its pages.
        var mayHaveNeeds = uncounted || total > 0;
        var pageCount = uncounted ? LastUncountedPage : Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);

        // One need more than a page tells whether there is a page beyond it in that direction.
        async Task<(List<InboxNeed> Needs, bool More)> PageAsync(InboxCursor? cursor, bool backwards, int offset)
        {
            var keyset = cursor is null ? null : query.Tab.NewestFirst == backwards ? ">" : "<";
            parameters.AddDynamicParams(new { Limit = PageSize + 1, Offset = offset, CursorKey = cursor?.SortKey, CursorNeed = cursor?.NeedId });
            var rows = (await connection.QueryAsync<InboxNeed>(new CommandDefinition(
                Needs(query.Tab, oneExpert, searchIn, searched, keyset, backwards), parameters, transaction, cancellationToken: cancellationToken))).AsList();
            var more = rows.Count > PageSize;
            rows = rows.Take(PageSize).ToList();
            if (backwards)
            {
                rows.Reverse();
            }

            return (rows, more);
        }

        List<InboxNeed> needs = [];
        bool hasPrevious = page > 1, hasNext = page < pageCount;
        if (mayHaveNeeds && query.After is { } after)
        {
            (needs, hasNext) = await PageAsync(after, backwards: false, 0);
            hasPrevious = true;
            if (needs.Count == 0 && !uncounted)
            {
                // Nothing after it any more (answered or filtered away since): the last page.
                (page, hasPrevious, hasNext) = (pageCount, pageCount > 1, false);
                (needs, _) = await PageAsync(null, backwards: false, (pageCount - 1) * PageSize);
            }
            else if (needs.Count == 0)
            {
                // Uncounted, the last page is not known: the first one.
                (page, hasPrevious) = (1, false);
                (needs, hasNext) = await PageAsync(null, backwards: false, 0);
            }
        }
        else if (mayHaveNeeds && query.Before is { } before)
        {
            (needs, hasPrevious) = await PageAsync(before, backwards: true, 0);
            hasNext = true;
            if (needs.Count < PageSize)
            {
                // Less than a page before it: the first page, whole.
                (page, hasPrevious, hasNext) = (1, false, pageCount > 1);
                (needs, _) = await PageAsync(null, backwards: false, 0);
            }
        }
        else if (mayHaveNeeds)
        {
            (needs, var more) = await PageAsync(null, backwards: false, (page - 1) * PageSize);
            hasNext = uncounted ? more && page < LastUncountedPage : hasNext;
        }

        if (query.After is not null || query.Before is not null)
        {
            // A cursor's page number is only its label, as the link counted it: the first or last page when nothing comes before
            // or after it, else kept between them (uncounted, up to the cap's last page).
            page = !hasPrevious ? 1
                : uncounted ? Math.Clamp(query.Page, Math.Min(2, pageCount), pageCount)
                : !hasNext ? pageCount : Math.Clamp(query.Page, Math.Min(2, pageCount), Math.Max(2, pageCount - 1));
            hasNext = hasNext && !(uncounted && page >= LastUncountedPage);
        }

        // Uncounted, the pages known are this one and, when more needs follow, the next.
        return new ExpertInbox(InboxTab.All.ToDictionary(t => t.Slug, t => counts.GetValueOrDefault(t.Slug)), needs, page,
            uncounted ? page + (hasNext ? 1 : 0) : pageCount, subjects)
        {
            HasPrevious = hasPrevious && needs.Count > 0,
            HasNext = hasNext && needs.Count > 0,
            UncountedPast = uncountedPast,
        };
    }
}
