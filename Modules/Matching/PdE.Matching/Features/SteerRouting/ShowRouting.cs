using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Routing;

namespace PdE.Matching.Features.SteerRouting;

/// <param name="UserId">The team member looking, for the needs they follow.</param>
internal sealed record ShowRoutingQuery(Guid SolicitationId, Guid UserId) : IQuery<RequestRouting>;

/// <summary>A request's needs as the team routes them; no need yet while Matching has not received the validation.</summary>
internal sealed record RequestRouting(IReadOnlyList<NeedRouting> Needs);

/// <summary>One need: its experts (drafts and sent), and what routing says now of the candidates it left out.</summary>
/// <param name="Proposal">The engine's answer for the need today: the excluded experts and uncovered institutions, each with why.</param>
/// <param name="Followed">The team member follows this need (« Suivis »).</param>
internal sealed record NeedRouting(RoutedNeed Need, string Status, DateTime CreatedAt, IReadOnlyList<RoutingMatch> Matches, RoutingProposal Proposal, bool Followed)
{
    public bool Sent => Matches.Any(m => m.SentAt is not null);

    public IEnumerable<RoutingMatch> Drafts => Matches.Where(m => m.SentAt is null);
}

/// <summary>An expert on a need: a draft the team may untick, or a match sent (with its status).</summary>
/// <param name="Explanation">Why the expert is there (routing's words, or who added them by hand); null for a match made before it was kept.</param>
/// <param name="HasAccount">An account answers for the expert; false: e-mailed, but cannot answer on the site; null: not known.</param>
internal sealed record RoutingMatch(
    Guid MatchId, Guid ExpertId, string ExpertName, string AntenneName, string InstitutionName, string Status, string? Explanation,
    string? AddedBy, bool? HasAccount, DateTime? SentAt);

/// <summary>Loads the request's needs and matches, and asks routing again, so the team sees who was left out and why.</summary>
internal sealed class ShowRoutingHandler(NpgsqlDataSource dataSource, RoutingProposer proposer, TimeProvider clock)
    : IQueryHandler<ShowRoutingQuery, RequestRouting>
{
    private const string Load = $"""
        select {RoutedNeed.Columns}, status as Status, created_at as CreatedAt,
               exists (select 1 from matching.need_follower f where f.need_id = need.id and f.user_id = @UserId) as Followed
        from matching.need where solicitation_id = @SolicitationId
        order by created_at, id;

        select m.need_id as NeedId, m.id as MatchId, m.expert_id as ExpertId, m.expert_name as ExpertName, m.antenne_name as AntenneName,
               m.institution_name as InstitutionName, m.status as Status, m.explanation as Explanation, m.added_by as AddedBy,
               m.expert_has_account as HasAccount, m.sent_at as SentAt
        from matching.match m join matching.need n on n.id = m.need_id
        where n.solicitation_id = @SolicitationId
        order by m.institution_name collate "fr-x-icu", m.antenne_name collate "fr-x-icu", m.expert_name collate "fr-x-icu", m.id;
        """;

    public async ValueTask<RequestRouting> Handle(ShowRoutingQuery query, CancellationToken cancellationToken)
    {
        List<NeedRow> needs;
        List<MatchRow> matches;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Load, query, cancellationToken: cancellationToken));
            needs = (await results.ReadAsync<NeedRow>()).AsList();
            matches = (await results.ReadAsync<MatchRow>()).AsList();
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var routings = new List<NeedRouting>();
        foreach (var need in needs)
        {
            var proposal = await proposer.ProposeAsync(need.ForRouting(today), cancellationToken);
            var own = matches.Where(m => m.NeedId == need.Id)
                .Select(m => new RoutingMatch(m.MatchId, m.ExpertId, m.ExpertName, m.AntenneName, m.InstitutionName, m.Status, m.Explanation,
                    m.AddedBy, m.HasAccount, m.SentAt))
                .ToList();
            routings.Add(new NeedRouting(need, need.Status, need.CreatedAt, own, proposal, need.Followed));
        }

        return new RequestRouting(routings);
    }

    private sealed class NeedRow : RoutedNeed
    {
        public string Status { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public bool Followed { get; init; }
    }

    private sealed class MatchRow
    {
        public Guid NeedId { get; init; }
        public Guid MatchId { get; init; }
        public Guid ExpertId { get; init; }
        public string ExpertName { get; init; } = "";
        public string AntenneName { get; init; } = "";
        public string InstitutionName { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Explanation { get; init; }
        public string? AddedBy { get; init; }
        public bool? HasAccount { get; init; }
        public DateTime? SentAt { get; init; }
    }
}
