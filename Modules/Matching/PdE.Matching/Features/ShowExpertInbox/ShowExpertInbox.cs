using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Matches;

namespace PdE.Matching.Features.ShowExpertInbox;

/// <param name="ExpertIds">The experts the signed-in agent answers for.</param>
internal sealed record ShowExpertInboxQuery(IReadOnlyList<Guid> ExpertIds, InboxTab Tab, int Page) : IQuery<ExpertInbox>;

/// <param name="Counts">Needs per tab slug.</param>
internal sealed record ExpertInbox(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<InboxNeed> Needs, int Page, int PageCount);

/// <param name="ReceivedAt">When the agent's match was made.</param>
/// <param name="ChangedAt">Last answer of the agent's match, when any.</param>
/// <param name="ExpertNames">Which of the agent's experts received it (their own, a team), comma-separated.</param>
/// <param name="CommuneCode">Where the company is, when intake knew it.</param>
internal sealed record InboxNeed(
    Guid NeedId, string? CompanyName, string Siret, string SubjectSlug, string Description, DateTime ReceivedAt, DateTime? ChangedAt, string ExpertNames,
    string? CommuneCode);

/// <summary>
/// The needs received by the agent's experts, in the tab where the agent's own match stands (pde-features.md §2.2):
/// waiting and in-progress ones oldest first (the longest waiting comes first), closed and refused ones newest first.
/// </summary>
internal sealed class ShowExpertInboxHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowExpertInboxQuery, ExpertInbox>
{
    public const int PageSize = 25;

    private const string Counts = """
        select case when status = 'quo' then 'reception' when status = 'taking_care' then 'en-cours'
                    when status = 'not_for_me' then 'refuses' else 'clotures' end as Tab,
               count(distinct need_id)::int as Count
        from matching.match
        where expert_id = any(@ExpertIds)
        group by 1
        """;

    private const string Needs = """
        select n.id as NeedId, n.company_name as CompanyName, n.siret as Siret, n.subject_slug as SubjectSlug, n.description as Description,
               min(m.created_at) as ReceivedAt, max(m.status_changed_at) as ChangedAt,
               string_agg(m.expert_name, ', ' order by m.expert_name) as ExpertNames, n.commune_code as CommuneCode
        from matching.match m join matching.need n on n.id = m.need_id
        where m.expert_id = any(@ExpertIds) and m.status = any(@Statuses)
        group by n.id
        order by {0}, n.id
        limit @Limit offset @Offset
        """;

    public async ValueTask<ExpertInbox> Handle(ShowExpertInboxQuery query, CancellationToken cancellationToken)
    {
        var ids = query.ExpertIds.ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string Tab, int Count)>(Counts, new { ExpertIds = ids }))
            .ToDictionary(c => c.Tab, c => c.Count);
        var total = counts.GetValueOrDefault(query.Tab.Slug);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var order = query.Tab.NewestFirst ? "coalesce(max(m.status_changed_at), min(m.created_at)) desc" : "min(m.created_at)";
        var needs = total == 0 ? [] : (await connection.QueryAsync<InboxNeed>(string.Format(System.Globalization.CultureInfo.InvariantCulture, Needs, order),
            new { ExpertIds = ids, query.Tab.Statuses, Limit = PageSize, Offset = (page - 1) * PageSize })).AsList();
        return new ExpertInbox(InboxTab.All.ToDictionary(t => t.Slug, t => counts.GetValueOrDefault(t.Slug)), needs, page, pageCount);
    }
}
