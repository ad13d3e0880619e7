using System.Text.Json;
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
/// Then the match filters of each expert's antenne and institution (item 6), read with the candidates in the same statement.
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
        select c.*,
               -- Two index probes per candidate: null for most experts, which have no filter.
               (select json_agg(json_build_object(
                    'Id', f.id, 'InstitutionId', f.institution_id, 'AntenneId', f.antenne_id,
                    'SubjectSlugs', array(select s.slug from directory.match_filter_subject fs join directory.subject s on s.id = fs.subject_id
                                          where fs.match_filter_id = f.id),
                    'MinYearsOfExistence', f.min_years_of_existence, 'MaxYearsOfExistence', f.max_years_of_existence,
                    'EffectifMin', f.effectif_min, 'EffectifMax', f.effectif_max,
                    'AcceptedNafCodes', f.accepted_naf_codes, 'ExcludedNafCodes', f.excluded_naf_codes,
                    'AcceptedLegalForms', f.accepted_legal_forms, 'ExcludedLegalForms', f.excluded_legal_forms))
                from (select * from directory.match_filter where antenne_id = c.AntenneId
                      union all
                      select * from directory.match_filter where institution_id = c.InstitutionId) f)::text as Filters
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

    public async ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var candidates = (await connection.QueryAsync<Candidate>(
            new CommandDefinition(FindExperts, new { query.SubjectSlug, query.CommuneCode }, cancellationToken: cancellationToken))).AsList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return candidates.Where(c => c.Filters is null || Keeps(c.Filters, query, today)).Select(c => c.ToExpertCandidate()).ToList();
    }

    private static bool Keeps(string filtersJson, FindExpertsForNeed query, DateOnly today)
    {
        var filters = JsonSerializer.Deserialize<MatchFilter[]>(filtersJson)!;
        return MatchFilterRules.Keeps(
            filters.Where(f => f.AntenneId is not null).ToList(), filters.Where(f => f.InstitutionId is not null).ToList(), query.SubjectSlug, query.Company, today);
    }

    private sealed record Candidate(
        Guid ExpertId, string FullName, string Email, Guid AntenneId, string AntenneName, Guid InstitutionId, string InstitutionName, string? Filters)
    {
        public ExpertCandidate ToExpertCandidate() => new(ExpertId, FullName, Email, AntenneId, AntenneName, InstitutionId, InstitutionName);
    }
}
