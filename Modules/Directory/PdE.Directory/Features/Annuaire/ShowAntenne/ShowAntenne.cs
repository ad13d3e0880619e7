using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ShowAntenne;

internal sealed record ShowAntenneQuery(Guid Id, string? Search, int Page) : IQuery<AntenneDetails?>;

internal sealed record AntenneDetails(
    Guid Id, string Name, string TerritorialLevel, string InstitutionSlug, string InstitutionName,
    IReadOnlyList<DepartementCoverage> Coverage, IReadOnlyList<ExpertRow> Experts, int ExpertTotal, int Page, int PageCount,
    IReadOnlyList<AuditEntry> History, IReadOnlyList<Option> Subjects, IReadOnlyList<Option> OtherAntennes);

/// <summary>A choice in one of the grid's select boxes.</summary>
internal sealed record Option(Guid Id, string Label);

/// <summary>How much of a département the antenne covers, the way an admin reads coverage.</summary>
internal sealed record DepartementCoverage(string Code, string Name, int Covered, int Communes);

internal sealed record ExpertRow(Guid Id, string FullName, string Email, string? JobTitle, bool IsTeam, bool IsGlobalZone, int OwnCommunes, string Subjects, int Total);

internal sealed class ShowAntenneHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowAntenneQuery, AntenneDetails?>
{
    private const int PageSize = 50;

    private const string Details = """
        select a.id as Id, a.name as Name, a.territorial_level as TerritorialLevel, i.slug as InstitutionSlug, i.name as InstitutionName
        from directory.antenne a join directory.institution i on i.id = a.institution_id
        where a.id = @Id and a.deleted_at is null;

        select d.code as Code, d.name as Name, count(*)::int as Covered,
               (select count(*) from directory.commune c2 where c2.departement_code = d.code and c2.kind = 'COM')::int as Communes
        from directory.antenne_commune ac
        join directory.commune c on c.code = ac.commune_code and c.kind = 'COM'
        join directory.departement d on d.code = c.departement_code
        where ac.antenne_id = @Id
        group by d.code, d.name
        order by d.code;

        select e.id as Id, e.full_name as FullName, e.email as Email, e.job_title as JobTitle, e.is_team as IsTeam,
               e.is_global_zone as IsGlobalZone,
               (select count(*) from directory.expert_commune ec where ec.expert_id = e.id)::int as OwnCommunes,
               coalesce((select string_agg(s.label || coalesce(' (' || isub.description || ')', ''), ', ' order by s.label)
                         from directory.expert_subject es
                         join directory.institution_subject isub on isub.id = es.institution_subject_id
                         join directory.subject s on s.id = isub.subject_id
                         where es.expert_id = e.id), '') as Subjects,
               count(*) over ()::int as Total
        from directory.expert e
        where e.antenne_id = @Id and e.deleted_at is null
          and (@Search::text is null or lower((e.full_name || ' ' || e.email) collate "und-x-icu") like '%' || lower(@Search::text collate "und-x-icu") || '%')
        order by e.full_name collate "fr-x-icu"
        limit @PageSize offset @Offset;

        select isub.id as Id, t.label || ' › ' || s.label || coalesce(' – ' || isub.description, '') as Label
        from directory.institution_subject isub
        join directory.subject s on s.id = isub.subject_id and s.archived_at is null
        join directory.theme t on t.id = s.theme_id
        join directory.antenne a on a.institution_id = isub.institution_id
        where a.id = @Id
        order by t.position, s.position, isub.description nulls first;

        select other.id as Id, other.name as Label
        from directory.antenne a
        join directory.antenne other on other.institution_id = a.institution_id and other.id <> a.id and other.deleted_at is null
        where a.id = @Id
        order by other.name collate "fr-x-icu";
        """;

    public async ValueTask<AntenneDetails?> Handle(ShowAntenneQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Details, new
        {
            query.Id,
            Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim(),
            PageSize,
            Offset = (page - 1) * PageSize,
        }, cancellationToken: cancellationToken));
        var header = await results.ReadSingleOrDefaultAsync<AntenneHeader>();
        var coverage = (await results.ReadAsync<DepartementCoverage>()).AsList();
        var experts = (await results.ReadAsync<ExpertRow>()).AsList();
        var subjects = (await results.ReadAsync<Option>()).AsList();
        var otherAntennes = (await results.ReadAsync<Option>()).AsList();
        if (header is null)
        {
            return null;
        }

        var total = experts.Count == 0 ? 0 : experts[0].Total;
        var history = await AuditLog.LatestAsync(connection, "antenne", header.Id, cancellationToken);
        return new AntenneDetails(header.Id, header.Name, header.TerritorialLevel, header.InstitutionSlug, header.InstitutionName,
            coverage, experts, total, page, Math.Max(1, (total + PageSize - 1) / PageSize), history,
            subjects, otherAntennes);
    }

    private sealed record AntenneHeader(Guid Id, string Name, string TerritorialLevel, string InstitutionSlug, string InstitutionName);
}
