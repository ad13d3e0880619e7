using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Routing.AnswerFindExpertsForNeed;

/// <summary>
/// Answers Matching's question with the coverage rules of the original service:
/// an expert covers a commune through its own communes when it has any, otherwise through its antenne's
/// communes, or everywhere when it is flagged "zone globale". The antenne's territorial level plays no part:
/// a regional antenne simply lists its region's communes. Without a commune only global experts qualify.
/// Then the match filters of each expert’s antenne and institution, from the host's copy of them
/// (<see cref="MatchFilterCache"/>): reading them in a second query cost a fifth of the answer at the median. The filter
/// rules are the contract's (<see cref="MatchFilter"/>), the very code Matching's routing engine explains its choices with.
/// </summary>
internal sealed class AnswerFindExpertsForNeedHandler(NpgsqlDataSource dataSource, MatchFilterCache filterCache, TimeProvider clock)
    : IQueryHandler<FindExpertsForNeed, IReadOnlyList<ExpertCandidate>>
{
    // Starts from the subject and the commune together: expert_subject carries the subject, its institution and the
    // expert's antenne (migration 0008), so each of the three ways of covering a commune is an index probe that yields only
    // experts of the subject (about 100 rows at 10,000 experts, instead of 1,300 through expert -> institution_subject).
    // FiltersVersion tells whether this host's copy of the match filters is still current.
    private const string FindExperts = """
        select c.*, (select version from directory.match_filter_version) as FiltersVersion
        from (
            -- distinct: an expert holding two variants of the subject, or reached twice (zone globale and antenne), is proposed once.
            select distinct x.*
            from directory.subject s
            cross join lateral (
                select es.expert_id, es.institution_id, true as through_antenne
                from directory.antenne_commune ac
                join directory.expert_subject es on es.subject_id = s.id and es.antenne_id = ac.antenne_id
                where ac.commune_code = @CommuneCode
                union all
                select es.expert_id, es.institution_id, false
                from directory.expert_commune ec
                join directory.expert_subject es on es.expert_id = ec.expert_id and es.subject_id = s.id
                where ec.commune_code = @CommuneCode
                union all
                select es.expert_id, es.institution_id, false
                from directory.expert g
                join directory.expert_subject es on es.expert_id = g.id and es.subject_id = s.id
                where g.is_global_zone and g.deleted_at is null
            ) reach
            cross join lateral (
                select e.id as ExpertId, e.full_name as FullName, e.email as Email,
                       a.id as AntenneId, a.name as AntenneName, i.id as InstitutionId, i.name as InstitutionName
                from directory.expert e
                join directory.antenne a on a.id = e.antenne_id and a.deleted_at is null
                join directory.institution i on i.id = a.institution_id and i.deleted_at is null
                -- An expert with own communes covers only those, whatever their antenne covers; a subject held from another
                -- institution than the expert's (left by a move) is not offered.
                where e.id = reach.expert_id and e.deleted_at is null and not (reach.through_antenne and e.has_own_communes)
                  and a.institution_id = reach.institution_id
                -- offset 0 keeps this one probe per expert reached: flattened, the planner expected thousands of them and
                -- hash-joined a scan of every expert (3 times slower).
                offset 0
            ) x
            where s.slug = @SubjectSlug and s.archived_at is null
        ) c
        order by c.InstitutionName collate "fr-x-icu", c.AntenneName collate "fr-x-icu", c.FullName collate "fr-x-icu"
        """;

    private sealed record CandidateRow(
        Guid ExpertId, string FullName, string Email, Guid AntenneId, string AntenneName, Guid InstitutionId, string InstitutionName,
        Guid? FiltersVersion);

    public async ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CandidateRow>(
            new CommandDefinition(FindExperts, new { query.SubjectSlug, query.CommuneCode }, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return [];
        }

        var filters = await filterCache.GetAsync(connection, rows[0].FiltersVersion, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return rows
            .Where(c => (!filters.ByAntenne.Contains(c.AntenneId) && !filters.ByInstitution.Contains(c.InstitutionId))
                || MatchFilter.Keeps(MatchFilter.InForce(filters.ByAntenne[c.AntenneId], filters.ByInstitution[c.InstitutionId], query.SubjectSlug), query.Company, today))
            .Select(c => new ExpertCandidate(c.ExpertId, c.FullName, c.Email, c.AntenneId, c.AntenneName, c.InstitutionId, c.InstitutionName))
            .ToList();
    }
}
