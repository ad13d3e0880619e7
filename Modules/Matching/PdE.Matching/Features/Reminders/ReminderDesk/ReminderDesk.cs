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

    // A need basket: the waiting matches of its weeks by need, the needs nobody took, minus those marked « traité » there.
    private const string NeedsOfBasket = """
        with waiting as (
            select m.need_id, min(m.sent_at) as sent_at,
                   string_agg(m.expert_name || ' (' || m.antenne_name || ')', ', ' order by m.expert_name, m.id) as silent_experts
            from matching.match m
            where m.status = 'quo' and m.sent_at > @SentAfter and m.sent_at <= @SentBefore
            group by m.need_id
        )
        """;

    private const string NeedsWhere = """
        where n.status = 'quo'
          and not exists (select 1 from matching.reminder_action r where r.need_id = n.id and r.basket = @Basket and r.action = 'processed')
        """;

    private const string WaitingNeeds = $"""
        {NeedsOfBasket}
        select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, w.sent_at as SentAt,
               w.silent_experts as SilentExperts, last.action as LastAction, last.actor_name as LastActorName,
               last.occurred_at as LastActionAt, last.note as LastNote
        from waiting w
        join matching.need n on n.id = w.need_id
        left join lateral (
            select r.action, r.actor_name, r.occurred_at, r.note from matching.reminder_action r where r.need_id = n.id order by r.id desc limit 1
        ) last on true
        {NeedsWhere}
        order by w.sent_at, n.id
        limit @Limit offset @Offset
        """;

    private const string CountNeeds = $"""
        {NeedsOfBasket}
        select count(*)::int from waiting w join matching.need n on n.id = w.need_id
        {NeedsWhere}
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
        var counts = new Dictionary<string, int>();
        foreach (var each in ReminderBaskets.All)
        {
            counts[each.Slug] = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                each.IsExperts ? CountExperts : CountNeeds, Parameters(each, now, 0, 0), cancellationToken: cancellationToken));
        }

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
        ReminderBaskets.ExpertsFrom,
        ProcessedSince = now - ReminderBaskets.ExpertProcessedFor,
        Limit = limit,
        Offset = offset,
    };
}
