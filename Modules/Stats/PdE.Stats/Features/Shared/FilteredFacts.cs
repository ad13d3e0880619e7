namespace PdE.Stats.Features.Shared;

/// <summary>
/// The requests and needs a filter selects, row by row from the facts (parameters: <see cref="ShowPublicStats.StatsFilter.SqlParameters"/>):
/// what the team's figures and the exports read. A request counts where its company is and under the subject the team
/// validated; a need where its company is, under its own subject; an institution as the needs sent to its experts and the
/// requests they came from.
/// </summary>
internal static class FilteredFacts
{
    public const string Requests = """
        select r.* from stats.request_fact r
        where (@From::timestamptz is null or r.received_at >= @From) and (@To::timestamptz is null or r.received_at < @To)
          and (@Departements::text[] is null or r.departement = any(@Departements))
          and (@Subjects::text[] is null or r.subject_slug = any(@Subjects))
          and (@InstitutionId::uuid is null or exists (
                select 1 from stats.need_fact n join stats.need_institution i on i.need_id = n.need_id and i.institution_id = @InstitutionId
                where n.solicitation_id = r.solicitation_id))
        """;

    public const string Needs = """
        select n.*, p.first_taken_in_charge_at, p.first_done_at, p.status
        from stats.need_fact n left join stats.need_progress p on p.need_id = n.need_id
        where (@From::timestamptz is null or n.routed_at >= @From) and (@To::timestamptz is null or n.routed_at < @To)
          and (@Departements::text[] is null or n.departement = any(@Departements))
          and (@Subjects::text[] is null or n.subject_slug = any(@Subjects))
          and (@InstitutionId::uuid is null or exists (
                select 1 from stats.need_institution i where i.institution_id = @InstitutionId and i.need_id = n.need_id))
        """;
}
