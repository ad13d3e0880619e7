using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Routing;

/// <summary>
/// The experts of a subject covering a commune, as FindRoutingCandidates and FindSupportExperts list them: the coverage rules
/// of FindExpertsForNeed, with how each expert covers the commune, whether an account answers
/// for it, and its antenne's and institution's match filters from the host's copy (<see cref="MatchFilterCache"/>),
/// unapplied: the asker applies them and can say why an expert is left out.
/// </summary>
internal static class CoveringExperts
{
    /// <summary>
    /// The query, for the subjects <paramref name="subjectCondition"/> selects from <c>directory.subject s</c>; parameter
    /// <c>@CommuneCode</c>. Same plan as FindExpertsForNeed's: an index probe per way of covering, yielding only experts of
    /// the subject. Each row carries the filters' stamp, so that an answer needs one round trip.
    /// </summary>
    public static string Sql(string subjectCondition) => $"""
        select c.*, (select version from directory.match_filter_version) as FiltersVersion,
               exists (select 1 from directory.user_expert ue join directory.user_account u on u.id = ue.user_id and u.deleted_at is null
                       where ue.expert_id = c.ExpertId) as HasAccount
        from (
            -- distinct on: an expert holding two variants of the subject, or reached two ways (own communes or antenne, and
            -- zone globale), is listed once, with the first way: own communes (1), antenne (2), zone globale (3).
            select distinct on (x.ExpertId) x.*, reach.way as Way
            from directory.subject s
            cross join lateral (
                select es.expert_id, es.institution_id, 2 as way
                from directory.antenne_commune ac
                join directory.expert_subject es on es.subject_id = s.id and es.antenne_id = ac.antenne_id
                where ac.commune_code = @CommuneCode
                union all
                select es.expert_id, es.institution_id, 1
                from directory.expert_commune ec
                join directory.expert_subject es on es.expert_id = ec.expert_id and es.subject_id = s.id
                where ec.commune_code = @CommuneCode
                union all
                select es.expert_id, es.institution_id, 3
                from directory.expert g
                join directory.expert_subject es on es.expert_id = g.id and es.subject_id = s.id
                where g.is_global_zone and g.deleted_at is null
            ) reach
            cross join lateral (
                select e.id as ExpertId, e.full_name as FullName, e.email as Email,
                       a.id as AntenneId, a.name as AntenneName, i.id as InstitutionId, i.name as InstitutionName, i.slug as InstitutionSlug
                from directory.expert e
                join directory.antenne a on a.id = e.antenne_id and a.deleted_at is null
                join directory.institution i on i.id = a.institution_id and i.deleted_at is null
                -- An expert with own communes covers only those; a subject held from another institution than the expert's
                -- (left by a move) is not offered.
                where e.id = reach.expert_id and e.deleted_at is null and not (reach.way = 2 and e.has_own_communes)
                  and a.institution_id = reach.institution_id
                offset 0
            ) x
            where {subjectCondition}
            order by x.ExpertId, reach.way
        ) c
        order by c.InstitutionName collate "fr-x-icu", c.AntenneName collate "fr-x-icu", c.FullName collate "fr-x-icu", c.ExpertId
        """;

    /// <summary>The rows as contract records, each with its antenne's and institution's filters.</summary>
    public static async Task<IReadOnlyList<RoutingCandidate>> ToCandidatesAsync(
        List<Row> rows, NpgsqlConnection connection, MatchFilterCache filterCache, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var filters = await filterCache.GetAsync(connection, rows[0].FiltersVersion, cancellationToken);
        return rows.Select(r => new RoutingCandidate(
                r.ExpertId, r.FullName, r.Email, r.HasAccount, r.AntenneId, r.AntenneName, r.InstitutionId, r.InstitutionName,
                r.InstitutionSlug, Coverage(r.Way), filters.Of(r.AntenneId, r.InstitutionId)))
            .ToList();
    }

    private static string Coverage(int way) => way switch
    {
        1 => "OwnCommunes",
        2 => "Antenne",
        _ => "GlobalZone",
    };

    internal sealed record Row(
        Guid ExpertId, string FullName, string Email, Guid AntenneId, string AntenneName, Guid InstitutionId, string InstitutionName,
        string InstitutionSlug, int Way, Guid? FiltersVersion, bool HasAccount);
}
