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
    // Starts from the commune (a few antennes and experts) rather than from the subject (hundreds of experts).
    private const string FindExperts = """
        with covering as (
            select e.id
            from directory.antenne_commune ac
            join directory.expert e on e.antenne_id = ac.antenne_id and not e.has_own_communes and e.deleted_at is null
            where ac.commune_code = @CommuneCode
            union
            select ec.expert_id from directory.expert_commune ec where ec.commune_code = @CommuneCode
            union
            select e.id from directory.expert e where e.is_global_zone and e.deleted_at is null
        )
        select c.*
        from (
            -- distinct: an expert holding two variants of the subject is still proposed once.
            select distinct e.id as ExpertId, e.full_name as FullName, e.email as Email,
                   a.id as AntenneId, a.name as AntenneName, i.id as InstitutionId, i.name as InstitutionName
            from covering c
            join directory.expert e on e.id = c.id and e.deleted_at is null
            join directory.antenne a on a.id = e.antenne_id and a.deleted_at is null
            join directory.institution i on i.id = a.institution_id and i.deleted_at is null
            join directory.expert_subject es on es.expert_id = e.id
            join directory.institution_subject isub on isub.id = es.institution_subject_id and isub.institution_id = i.id
            join directory.subject s on s.id = isub.subject_id
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
