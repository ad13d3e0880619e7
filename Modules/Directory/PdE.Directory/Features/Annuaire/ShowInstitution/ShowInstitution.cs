using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ShowInstitution;

internal sealed record ShowInstitutionQuery(string Slug) : IQuery<InstitutionDetails?>;

internal sealed record InstitutionDetails(
    string Name, string? Category, IReadOnlyList<AntenneRow> Antennes, IReadOnlyList<SubjectRow> Subjects, IReadOnlyList<AuditEntry> History);

internal sealed record AntenneRow(Guid Id, string Name, string TerritorialLevel, int Communes, int Experts);

internal sealed record SubjectRow(string Theme, string Subject, string? Variant, int Experts);

internal sealed class ShowInstitutionHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowInstitutionQuery, InstitutionDetails?>
{
    private const string Details = """
        select id, name, category from directory.institution where slug = @Slug and deleted_at is null;

        select a.id as Id, a.name as Name, a.territorial_level as TerritorialLevel,
               (select count(*) from directory.antenne_commune ac where ac.antenne_id = a.id)::int as Communes,
               (select count(*) from directory.expert e where e.antenne_id = a.id and e.deleted_at is null)::int as Experts
        from directory.antenne a join directory.institution i on i.id = a.institution_id
        where i.slug = @Slug and a.deleted_at is null
        order by case a.territorial_level when 'national' then 0 when 'regional' then 1 else 2 end, a.name collate "fr-x-icu";

        select t.label as Theme, s.label as Subject, isub.description as Variant,
               (select count(*) from directory.expert_subject es join directory.expert e on e.id = es.expert_id
                 where es.institution_subject_id = isub.id and e.deleted_at is null)::int as Experts
        from directory.institution_subject isub
        join directory.institution i on i.id = isub.institution_id
        join directory.subject s on s.id = isub.subject_id
        join directory.theme t on t.id = s.theme_id
        where i.slug = @Slug
        order by t.position, s.position, isub.description nulls first;
        """;

    public async ValueTask<InstitutionDetails?> Handle(ShowInstitutionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Details, new { query.Slug }, cancellationToken: cancellationToken));
        var institution = await results.ReadSingleOrDefaultAsync<InstitutionHeader>();
        var antennes = (await results.ReadAsync<AntenneRow>()).AsList();
        var subjects = (await results.ReadAsync<SubjectRow>()).AsList();
        return institution is null ? null : new InstitutionDetails(institution.Name, institution.Category, antennes, subjects,
            await AuditLog.LatestAsync(connection, "institution", institution.Id, cancellationToken));
    }

    private sealed record InstitutionHeader(Guid Id, string Name, string? Category);
}
