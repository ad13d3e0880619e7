using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Matching.Features.Reminders.ReminderDesk;

/// <summary>One page of a basket of the reminders desk, with the size of every basket.</summary>
internal sealed record ShowReminderBasketQuery(string? Basket, int Page) : IQuery<ReminderBasketPage>;

internal sealed record ReminderBasketPage(
    ReminderBasket Basket, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<WaitingNeed> Needs, IReadOnlyList<WaitingExpert> Experts,
    int Page, int PageCount);

/// <summary>The team's last action on a need or an expert, for the row.</summary>
internal sealed record LastReminder(string Action, string ActorName, DateTime OccurredAt, string? Note);

internal sealed class WaitingNeed
{
    public Guid NeedId { get; init; }
    public string? CompanyName { get; init; }
    public string Siret { get; init; } = "";
    public string SubjectSlug { get; init; } = "";
    public DateTime SentAt { get; init; }
    public string SilentExperts { get; init; } = "";
    public string? LastAction { get; init; }
    public string? LastActorName { get; init; }
    public DateTime? LastActionAt { get; init; }
    public string? LastNote { get; init; }

    public LastReminder? Last => LastAction is null ? null : new(LastAction, LastActorName!, LastActionAt!.Value, LastNote);
}

internal sealed class WaitingExpert
{
    public Guid ExpertId { get; init; }
    public string ExpertName { get; init; } = "";
    public string ExpertEmail { get; init; } = "";
    public string AntenneName { get; init; } = "";
    public int WaitingCount { get; init; }
    public DateTime OldestSentAt { get; init; }
    public string? LastAction { get; init; }
    public string? LastActorName { get; init; }
    public DateTime? LastActionAt { get; init; }
    public string? LastNote { get; init; }

    public LastReminder? Last => LastAction is null ? null : new(LastAction, LastActorName!, LastActionAt!.Value, LastNote);
}

/// <summary>
/// The baskets are computed from Matching's own tables: the waiting matches of the basket's weeks (a range of
/// <c>match_waiting_sent_idx</c>), grouped by need or by expert, minus what the team marked « traité ».
/// </summary>
internal sealed class ShowReminderBasketHandler(NpgsqlDataSource dataSource, TimeProvider clock) : IQueryHandler<ShowReminderBasketQuery, ReminderBasketPage>
{
    public const int PageSize = 50;

    // The need baskets in one pass: the matches waiting since 9 to 90 days (an index-only range of match_waiting_sent_idx),
    // by need; a need is in the basket of its oldest waiting match, if nobody took it (need_quo_idx alone) and the team has
    // not marked it « traité » there. A page is chosen before anything else is read; then only its 50 needs are.
    private const string NeedBaskets = """
        with waiting as (
            select m.need_id, min(m.sent_at) as sent_at
            from matching.match m
            where m.status = 'quo' and m.sent_at > @UnansweredUntil and m.sent_at <= @ToRemindFrom
            group by m.need_id
        ),
        basketed as (
            select w.need_id, w.sent_at,
                   case when w.sent_at > @LastChanceFrom then 'a-relancer' when w.sent_at > @UnansweredFrom then 'derniere-chance' else 'sans-reponse' end as basket
            from waiting w
            join matching.need n on n.id = w.need_id
            where n.status = 'quo'
        ),
        baskets as (
            select b.* from basketed b
            where not exists (select 1 from matching.reminder_action r where r.need_id = b.need_id and r.basket = b.basket and r.action = 'processed')
        )
        """;

    private const string WaitingNeeds = $"""
        {NeedBaskets},
        page as (select need_id, sent_at from baskets where basket = @Basket order by sent_at, need_id limit @Limit offset @Offset)
        select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, p.sent_at as SentAt,
               (select string_agg(m.expert_name || ' (' || m.antenne_name || ')', ', ' order by m.expert_name, m.id)
                from matching.match m where m.need_id = n.id and m.status = 'quo' and m.sent_at is not null) as SilentExperts,
               last.action as LastAction, last.actor_name as LastActorName, last.occurred_at as LastActionAt, last.note as LastNote
        from page p
        join matching.need n on n.id = p.need_id
        left join lateral (
            select r.action, r.actor_name, r.occurred_at, r.note from matching.reminder_action r where r.need_id = n.id order by r.id desc limit 1
        ) last on true
        order by p.sent_at, p.need_id
        """;

    private const string CountNeeds = $"""
        {NeedBaskets}
        select basket as Basket, count(*)::int as Count from baskets group by basket
        """;

    // The experts' basket: experts with several needs waiting, the most first; « traité » hides an expert for a week.
    private const string ExpertsOfBasket = """
        with waiting as (
            select m.expert_id, max(m.expert_name) as expert_name, max(m.expert_email) as expert_email, max(m.antenne_name) as antenne_name,
                   count(*)::int as waiting_count, min(m.sent_at) as oldest_sent_at
            from matching.match m
            where m.status = 'quo' and m.sent_at > @SentAfter and m.sent_at <= @SentBefore
            group by m.expert_id
            having count(*) >= @ExpertsFrom
        )
        """;

    private const string ExpertsWhere = """
        where not exists (select 1 from matching.reminder_action r
                          where r.expert_id = w.expert_id and r.action = 'processed' and r.occurred_at > @ProcessedSince)
        """;

    private const string WaitingExperts = $"""
        {ExpertsOfBasket}
        select w.expert_id as ExpertId, w.expert_name as ExpertName, w.expert_email as ExpertEmail, w.antenne_name as AntenneName,
               w.waiting_count as WaitingCount, w.oldest_sent_at as OldestSentAt, last.action as LastAction,
               last.actor_name as LastActorName, last.occurred_at as LastActionAt, last.note as LastNote
        from waiting w
        left join lateral (
            select r.action, r.actor_name, r.occurred_at, r.note from matching.reminder_action r where r.expert_id = w.expert_id order by r.id desc limit 1
        ) last on true
        {ExpertsWhere}
        order by w.waiting_count desc, w.oldest_sent_at, w.expert_id
        limit @Limit offset @Offset
        """;

    private const string CountExperts = $"""
        {ExpertsOfBasket}
        select count(*)::int from waiting w
        {ExpertsWhere}
        """;

    public async ValueTask<ReminderBasketPage> Handle(ShowReminderBasketQuery query, CancellationToken cancellationToken)
    {
        var basket = ReminderBaskets.Of(query.Basket);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = ReminderBaskets.All.ToDictionary(b => b.Slug, _ => 0);
        foreach (var (slug, count) in await connection.QueryAsync<(string Basket, int Count)>(
                     new CommandDefinition(CountNeeds, Parameters(basket, now, 0, 0), cancellationToken: cancellationToken)))
        {
            counts[slug] = count;
        }

        counts[ReminderBaskets.Experts.Slug] = await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(CountExperts, Parameters(ReminderBaskets.Experts, now, 0, 0), cancellationToken: cancellationToken));

        var pageCount = Math.Max(1, (counts[basket.Slug] + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var parameters = Parameters(basket, now, PageSize, (page - 1) * PageSize);
        return basket.IsExperts
            ? new(basket, counts, [], (await connection.QueryAsync<WaitingExpert>(new CommandDefinition(WaitingExperts, parameters, cancellationToken: cancellationToken))).AsList(), page, pageCount)
            : new(basket, counts, (await connection.QueryAsync<WaitingNeed>(new CommandDefinition(WaitingNeeds, parameters, cancellationToken: cancellationToken))).AsList(), [], page, pageCount);
    }

    private static object Parameters(ReminderBasket basket, DateTime now, int limit, int offset) => new
    {
        Basket = basket.Slug,
        SentBefore = now.AddDays(-basket.FromDays),
        SentAfter = now.AddDays(-basket.ToDays),
        ToRemindFrom = now.AddDays(-ReminderBaskets.ToRemind.FromDays),
        LastChanceFrom = now.AddDays(-ReminderBaskets.LastChance.FromDays),
        UnansweredFrom = now.AddDays(-ReminderBaskets.Unanswered.FromDays),
        UnansweredUntil = now.AddDays(-ReminderBaskets.Unanswered.ToDays),
        ReminderBaskets.ExpertsFrom,
        ProcessedSince = now - ReminderBaskets.ExpertProcessedFor,
        Limit = limit,
        Offset = offset,
    };
}
