using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Catalogue.ListCatalogue;

/// <summary>Every theme and subject, archived ones included, as the team edits them (the public site shows the others).</summary>
internal sealed record ListCatalogueQuery : IQuery<IReadOnlyList<CatalogueTheme>>;

internal sealed record CatalogueTheme(Guid Id, string Slug, string Label, int Position, IReadOnlyList<CatalogueSubject> Subjects);

/// <param name="Institutions">Institutions that handle it (their experts receive its needs).</param>
internal sealed record CatalogueSubject(
    string Slug, string Label, int Position, bool Archived, bool IsOtherRequest, bool IsSupport, int Questions, int Institutions);

internal sealed class ListCatalogueHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListCatalogueQuery, IReadOnlyList<CatalogueTheme>>
{
    private const string Catalogue = """
        select t.id as Id, t.slug as Slug, t.label as Label, t.position as Position from directory.theme t order by t.position, t.label;

        select s.theme_id as ThemeId, s.slug as Slug, s.label as Label, s.position as Position, s.archived_at is not null as Archived,
               s.is_other_request as IsOtherRequest, s.is_support as IsSupport,
               (select count(*)::int from directory.subject_question q where q.subject_id = s.id) as Questions,
               (select count(distinct isub.institution_id)::int from directory.institution_subject isub
                join directory.institution i on i.id = isub.institution_id and i.deleted_at is null
                where isub.subject_id = s.id) as Institutions
        from directory.subject s
        order by s.archived_at is not null, s.position, s.label;
        """;

    public async ValueTask<IReadOnlyList<CatalogueTheme>> Handle(ListCatalogueQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Catalogue, cancellationToken: cancellationToken));
        var themes = (await results.ReadAsync<(Guid Id, string Slug, string Label, int Position)>()).AsList();
        var subjects = (await results.ReadAsync<SubjectRow>()).ToLookup(s => s.ThemeId);
        return [.. themes.Select(t => new CatalogueTheme(t.Id, t.Slug, t.Label, t.Position, [.. subjects[t.Id].Select(s => s.ToSubject())]))];
    }

    private sealed record SubjectRow(
        Guid ThemeId, string Slug, string Label, int Position, bool Archived, bool IsOtherRequest, bool IsSupport, int Questions, int Institutions)
    {
        public CatalogueSubject ToSubject() => new(Slug, Label, Position, Archived, IsOtherRequest, IsSupport, Questions, Institutions);
    }
}
