using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.Data;

namespace PdE.Directory.Features.AnswerFindExpertsForNeed;

/// <summary>
/// Answers Matching's question with the coverage rules of the original service (pde-features.md §4.2):
/// an expert covers a commune through its own communes when it has any, otherwise through its antenne's
/// communes, or everywhere when it is flagged "zone globale". The antenne's territorial level plays no part:
/// a regional antenne simply lists its region's communes. Without a commune only global experts qualify.
/// Then the match filters of each expert's antenne and institution (item 6): read once for the few antennes and
/// institutions of the candidates, not once per candidate (which doubled the query's time).
/// </summary>
internal sealed class AnswerFindExpertsForNeedHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : IQueryHandler<FindExpertsForNeed, IReadOnlyList<ExpertCandidate>>
{
    // Starts from the subject and the commune together: expert_subject carries the subject, its institution and the expert's antenne
    // (migration 0008), so each of the three ways of covering a commune is an index probe that yields only experts of the
    // subject (about 100 rows at 10,000 experts, instead of 1,300 through expert -> institution_subject).
    private const string FindExperts = """
        select c.*
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

    private const string FiltersOf = """
        select f.id as Id, f.institution_id as InstitutionId, f.antenne_id as AntenneId,
               array(select s.slug from directory.match_filter_subject fs join directory.subject s on s.id = fs.subject_id
                     where fs.match_filter_id = f.id) as SubjectSlugs,
               f.min_years_of_existence as MinYearsOfExistence, f.max_years_of_existence as MaxYearsOfExistence,
               f.effectif_min as EffectifMin, f.effectif_max as EffectifMax,
               f.accepted_naf_codes as AcceptedNafCodes, f.excluded_naf_codes as ExcludedNafCodes,
               f.accepted_legal_forms as AcceptedLegalForms, f.excluded_legal_forms as ExcludedLegalForms
        from directory.match_filter f
        where f.antenne_id = any(@Antennes) or f.institution_id = any(@Institutions)
        """;

    public async ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var candidates = (await connection.QueryAsync<ExpertCandidate>(
            new CommandDefinition(FindExperts, new { query.SubjectSlug, query.CommuneCode }, cancellationToken: cancellationToken))).AsList();
        if (candidates.Count == 0)
        {
            return candidates;
        }

        var filters = (await connection.QueryAsync<MatchFilter>(new CommandDefinition(FiltersOf, new
        {
            Antennes = candidates.Select(c => c.AntenneId).Distinct().ToArray(),
            Institutions = candidates.Select(c => c.InstitutionId).Distinct().ToArray(),
        }, cancellationToken: cancellationToken))).AsList();
        if (filters.Count == 0)
        {
            return candidates;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var byAntenne = filters.Where(f => f.AntenneId is not null).ToLookup(f => f.AntenneId!.Value);
        var byInstitution = filters.Where(f => f.InstitutionId is not null).ToLookup(f => f.InstitutionId!.Value);
        return candidates
            .Where(c => (!byAntenne.Contains(c.AntenneId) && !byInstitution.Contains(c.InstitutionId))
                || MatchFilterRules.Keeps([.. byAntenne[c.AntenneId]], [.. byInstitution[c.InstitutionId]], query.SubjectSlug, query.Company, today))
            .ToList();
    }
}
