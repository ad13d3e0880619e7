using Dapper;
using Mediator;
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
internal sealed record ShowExpertInboxQuery(IReadOnlyList<Guid> ExpertIds, InboxTab Tab, int Page, InboxFilter? Filter = null) : IQuery<ExpertInbox>;

/// <param name="Counts">Needs per tab slug, under the filter.</param>
/// <param name="Subjects">The subjects of the tab's needs under the search and dates (not the subject filter), with their count of needs.</param>
internal sealed record ExpertInbox(
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<InboxNeed> Needs, int Page, int PageCount, IReadOnlyList<InboxSubject> Subjects);

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
internal sealed class ShowExpertInboxHandler(NpgsqlDataSource dataSource, TimeProvider clock) : IQueryHandler<ShowExpertInboxQuery, ExpertInbox>
{
    public const int PageSize = 25;

    /// <summary>The agent's sent matches under the search and dates, each with its tab (the same rule as <see cref="InboxTab.OfMatch"/>).</summary>
    private static readonly string Mine = $"""
        with mine as (
            select m.id, m.need_id, m.expert_name, m.sent_at, m.status_changed_at, n.subject_slug,
                   case when m.status = 'quo' and m.sent_at > @ExpiredBefore then 'reception'
                        when m.status = 'quo' then 'expires'
                        when m.status = 'taking_care' then 'en-cours'
                        when m.status = 'not_for_me' then 'refuses'
                        else 'clotures' end as tab
            from matching.match m join matching.need n on n.id = m.need_id
            where m.expert_id = any(@ExpertIds) and m.sent_at is not null
              and (@From::date is null or (m.sent_at at time zone 'Europe/Paris')::date >= @From::date)
              and (@To::date is null or (m.sent_at at time zone 'Europe/Paris')::date <= @To::date)
              and {TextSearch.ContainsAll("coalesce(n.company_name, '') || ' ' || n.siret || ' ' || replace(n.subject_slug, '-', ' ') || ' ' || n.description", "Words")}
        )
        """;

    private static readonly string Counts = $"""
        {Mine}
        select tab as Tab, count(distinct need_id)::int as Count
        from mine
        where @Subject::text is null or subject_slug = @Subject
        group by tab
        """;

    private static readonly string Subjects = $"""
        {Mine}
        select subject_slug as Slug, count(distinct need_id)::int as Count
        from mine
        where tab = @Tab
        group by subject_slug
        """;

    private static string Needs(string order) => $"""
        {Mine}
        select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, n.description as Description,
               min(m.sent_at) as ReceivedAt, max(m.status_changed_at) as ChangedAt,
               string_agg(m.expert_name, ', ' order by m.expert_name) as ExpertNames, n.commune_code as CommuneCode,
               array_agg(m.id order by m.expert_name, m.id) as MatchIds, array_agg(m.expert_name order by m.expert_name, m.id) as MatchExperts
        from mine m join matching.need n on n.id = m.need_id
        where m.tab = @Tab and (@Subject::text is null or m.subject_slug = @Subject)
        group by n.id
        order by {order}
        limit @Limit offset @Offset
        """;

    public async ValueTask<ExpertInbox> Handle(ShowExpertInboxQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter ?? new InboxFilter();
        var search = string.IsNullOrWhiteSpace(filter.Search) ? null : filter.Search.Trim();
        // A SIRET or SIREN typed with spaces ("732 829 320") is searched as its digits.
        if (search is not null && search.All(c => char.IsAsciiDigit(c) || c == ' '))
        {
            search = search.Replace(" ", "", StringComparison.Ordinal);
        }

        var parameters = new DynamicParameters(new
        {
            ExpertIds = query.ExpertIds.ToArray(),
            ExpiredBefore = clock.GetUtcNow().UtcDateTime - InboxTab.ExpiresAfter,
            From = filter.From?.ToDateTime(TimeOnly.MinValue),
            To = filter.To?.ToDateTime(TimeOnly.MinValue),
            Words = search?.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Subject = string.IsNullOrWhiteSpace(filter.Subject) ? null : filter.Subject.Trim(),
            Tab = query.Tab.Slug,
        });

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string Tab, int Count)>(new CommandDefinition(Counts, parameters, cancellationToken: cancellationToken)))
            .ToDictionary(c => c.Tab, c => c.Count);
        var subjects = (await connection.QueryAsync<InboxSubject>(new CommandDefinition(Subjects, parameters, cancellationToken: cancellationToken))).AsList();
        var total = counts.GetValueOrDefault(query.Tab.Slug);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        parameters.AddDynamicParams(new { Limit = PageSize, Offset = (page - 1) * PageSize });
        // Ties (matches sent in the same instant) fall back on the need's id, a version 7 uuid: its creation order.
        var order = query.Tab == InboxTab.Expired ? "min(m.sent_at) desc, n.id desc"
            : query.Tab.NewestFirst ? "coalesce(max(m.status_changed_at), min(m.sent_at)) desc, n.id desc"
            : "min(m.sent_at), n.id";
        var needs = total == 0 ? [] : (await connection.QueryAsync<InboxNeed>(
            new CommandDefinition(Needs(order), parameters, cancellationToken: cancellationToken))).AsList();
        return new ExpertInbox(InboxTab.All.ToDictionary(t => t.Slug, t => counts.GetValueOrDefault(t.Slug)), needs, page, pageCount, subjects);
    }
}
