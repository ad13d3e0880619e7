using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Matches;

namespace PdE.Matching.Features.AnswerNeedExport;

/// <summary>The needs and matches an export lists, for the module that writes the file (Stats).</summary>
internal sealed class AnswerNeedExportHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<GetNeedsForExport, IReadOnlyList<NeedForExport>>, IQueryHandler<GetMatchesForExport, IReadOnlyList<MatchForExport>>
{
    // The same first times as the history Stats rebuilds from (AnswerNeedHistory): drafts are not sent, an undone taking
    // in charge does not count.
    private const string Needs = """
        select n.id as NeedId, n.solicitation_id as SolicitationId, m.sent_at as SentAt, n.subject_slug as SubjectSlug,
               trim(n.siret) as Siret, n.company_name as CompanyName, n.commune_code as CommuneCode, n.status as Status,
               m.first_taken as FirstTakenInChargeAt, m.first_closed as FirstClosedAt, m.experts as Experts, n.description as Description
        from matching.need n
        cross join lateral (
            select min(sent_at) as sent_at,
                   array_agg(expert_name || ' (' || institution_name || ')' order by sent_at, expert_name) as experts,
                   min(taken_care_of_at) filter (where status in ('taking_care', 'done', 'done_no_help', 'done_not_reachable')) as first_taken,
                   min(closed_at) filter (where status in ('done', 'done_no_help', 'done_not_reachable')) as first_closed
            from matching.match where need_id = n.id and sent_at is not null
        ) m
        where n.id = any(@Ids) and m.sent_at is not null
        """;

    private const string Matches = """
        select m.id as MatchId, m.need_id as NeedId, n.solicitation_id as SolicitationId, m.sent_at as SentAt, n.subject_slug as SubjectSlug,
               trim(n.siret) as Siret, n.company_name as CompanyName, n.commune_code as CommuneCode, m.expert_name as ExpertName,
               m.expert_email as ExpertEmail, m.antenne_name as AntenneName, m.institution_name as InstitutionName, m.status as Status,
               case when m.status in ('taking_care', 'done', 'done_no_help', 'done_not_reachable') then m.taken_care_of_at end as TakenInChargeAt,
               m.closed_at as ClosedAt
        from matching.match m join matching.need n on n.id = m.need_id
        where m.id = any(@Ids) and m.sent_at is not null
        """;

    public async ValueTask<IReadOnlyList<NeedForExport>> Handle(GetNeedsForExport query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NeedRow>(
            new CommandDefinition(Needs, new { Ids = query.NeedIds.ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new NeedForExport(r.NeedId, r.SolicitationId, r.SentAt, r.SubjectSlug, r.Siret, r.CompanyName, r.CommuneCode,
            MatchStatus.Label(r.Status), r.FirstTakenInChargeAt, r.FirstClosedAt, r.Experts, r.Description))];
    }

    public async ValueTask<IReadOnlyList<MatchForExport>> Handle(GetMatchesForExport query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MatchForExport>(
            new CommandDefinition(Matches, new { Ids = query.MatchIds.ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r with { Status = MatchStatus.Label(r.Status) })];
    }

    private sealed class NeedRow
    {
        public Guid NeedId { get; init; }
        public Guid SolicitationId { get; init; }
        public DateTime SentAt { get; init; }
        public string SubjectSlug { get; init; } = "";
        public string Siret { get; init; } = "";
        public string? CompanyName { get; init; }
        public string? CommuneCode { get; init; }
        public string Status { get; init; } = "";
        public DateTime? FirstTakenInChargeAt { get; init; }
        public DateTime? FirstClosedAt { get; init; }
        public string[] Experts { get; init; } = [];
        public string Description { get; init; } = "";
    }
}
