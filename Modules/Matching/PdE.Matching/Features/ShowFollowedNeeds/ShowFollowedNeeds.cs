using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Matching.Features.ShowFollowedNeeds;

internal sealed record ShowFollowedNeedsQuery(Guid UserId) : IQuery<IReadOnlyList<FollowedNeed>>;

/// <summary>A need a team member follows, with where it stands (properties: Dapper maps them by name).</summary>
internal sealed class FollowedNeed
{
    public Guid NeedId { get; init; }
    public Guid SolicitationId { get; init; }
    public string? CompanyName { get; init; }
    public string Siret { get; init; } = "";
    public string SubjectSlug { get; init; } = "";
    public string Status { get; init; } = "";
    public DateTime? SentAt { get; init; }
    public DateTime FollowedAt { get; init; }

    /// <summary>Sent matches by status, e.g. 2 waiting and 1 taken.</summary>
    public int Waiting { get; init; }
    public int Taken { get; init; }
    public int Closed { get; init; }
    public int Declined { get; init; }
}

/// <summary>The needs the team member follows, the most recently followed first.</summary>
internal sealed class ShowFollowedNeedsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowFollowedNeedsQuery, IReadOnlyList<FollowedNeed>>
{
    private const string Query = """
        select n.id as NeedId, n.solicitation_id as SolicitationId, n.company_name as CompanyName, n.siret as Siret,
               n.subject_slug as SubjectSlug, n.status as Status, f.followed_at as FollowedAt,
               (select min(m.sent_at) from matching.match m where m.need_id = n.id) as SentAt,
               (select count(*) from matching.match m where m.need_id = n.id and m.sent_at is not null and m.status = 'quo')::int as Waiting,
               (select count(*) from matching.match m where m.need_id = n.id and m.sent_at is not null and m.status = 'taking_care')::int as Taken,
               (select count(*) from matching.match m where m.need_id = n.id and m.sent_at is not null
                   and m.status in ('done', 'done_no_help', 'done_not_reachable'))::int as Closed,
               (select count(*) from matching.match m where m.need_id = n.id and m.sent_at is not null and m.status = 'not_for_me')::int as Declined
        from matching.need_follower f join matching.need n on n.id = f.need_id
        where f.user_id = @UserId
        order by f.followed_at desc, n.id
        limit 500
        """;

    public async ValueTask<IReadOnlyList<FollowedNeed>> Handle(ShowFollowedNeedsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<FollowedNeed>(new CommandDefinition(Query, query, cancellationToken: cancellationToken))).AsList();
    }
}
