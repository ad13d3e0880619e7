using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;

namespace PdE.Matching.Features.AnswerNeedHistory;

/// <summary>Pages of the needs and matches sent and of the survey's answers, in id order, for a module that rebuilds its copy of them.</summary>
internal sealed class AnswerNeedHistoryHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<GetSentNeedsPage, IReadOnlyList<SentNeed>>, IQueryHandler<GetSentMatchesPage, IReadOnlyList<SentMatch>>,
      IQueryHandler<GetSatisfactionAnswersPage, IReadOnlyList<SatisfactionAnswer>>
{
    // A need counts as sent from its first sent match (drafts are not sent); taken_care_of_at is cleared when a match goes
    // back to the inbox, so an undone taking in charge is not counted.
    private const string Needs = """
        select n.id as NeedId, n.solicitation_id as SolicitationId, m.sent_at as SentAt, n.subject_slug as SubjectSlug,
               n.commune_code as CommuneCode, n.naf_code as NafCode, n.headcount_bracket as HeadcountBracket,
               m.institution_ids as InstitutionIds, m.first_taken as FirstTakenInChargeAt, m.first_closed as FirstClosedAt,
               m.first_done as FirstDoneAt, n.status as Status
        from matching.need n
        cross join lateral (
            select min(sent_at) as sent_at,
                   coalesce(array_agg(distinct institution_id) filter (where institution_id is not null), '{}') as institution_ids,
                   min(taken_care_of_at) filter (where status in ('taking_care', 'done', 'done_no_help', 'done_not_reachable')) as first_taken,
                   min(closed_at) filter (where status in ('done', 'done_no_help', 'done_not_reachable')) as first_closed,
                   min(closed_at) filter (where status = 'done') as first_done
            from matching.match where need_id = n.id and sent_at is not null
        ) m
        where (@After::uuid is null or n.id > @After) and m.sent_at is not null
        order by n.id
        limit @Limit
        """;

    private const string Matches = """
        select id as MatchId, need_id as NeedId, expert_id as ExpertId, antenne_id as AntenneId, institution_id as InstitutionId,
               sent_at as SentAt, status as Status, status_changed_at as StatusChangedAt
        from matching.match
        where sent_at is not null and (@After::uuid is null or id > @After)
        order by id
        limit @Limit
        """;

    private const string Answers = """
        select s.need_id as NeedId, n.solicitation_id as SolicitationId, s.answered_at as AnsweredAt,
               s.contacted_by_expert as ContactedByExpert, s.useful_exchange as UsefulExchange, s.comment is not null as HasComment
        from matching.satisfaction_survey s join matching.need n on n.id = s.need_id
        where s.answered_at is not null and (@After::uuid is null or s.need_id > @After)
        order by s.need_id
        limit @Limit
        """;

    public async ValueTask<IReadOnlyList<SentNeed>> Handle(GetSentNeedsPage query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NeedRow>(new CommandDefinition(Needs, new { query.After, query.Limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SentNeed(r.NeedId, r.SolicitationId, r.SentAt, r.SubjectSlug, r.CommuneCode, r.NafCode, r.HeadcountBracket,
            r.InstitutionIds, r.FirstTakenInChargeAt, r.FirstClosedAt, r.FirstDoneAt, r.Status))];
    }

    public async ValueTask<IReadOnlyList<SentMatch>> Handle(GetSentMatchesPage query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<SentMatch>(
            new CommandDefinition(Matches, new { query.After, query.Limit }, cancellationToken: cancellationToken))).AsList();
    }

    public async ValueTask<IReadOnlyList<SatisfactionAnswer>> Handle(GetSatisfactionAnswersPage query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<SatisfactionAnswer>(
            new CommandDefinition(Answers, new { query.After, query.Limit }, cancellationToken: cancellationToken))).AsList();
    }

    private sealed class NeedRow
    {
        public Guid NeedId { get; init; }
        public Guid SolicitationId { get; init; }
        public DateTime SentAt { get; init; }
        public string SubjectSlug { get; init; } = "";
        public string? CommuneCode { get; init; }
        public string? NafCode { get; init; }
        public string? HeadcountBracket { get; init; }
        public Guid[] InstitutionIds { get; init; } = [];
        public DateTime? FirstTakenInChargeAt { get; init; }
        public DateTime? FirstClosedAt { get; init; }
        public DateTime? FirstDoneAt { get; init; }
        public string Status { get; init; } = "";
    }
}
