using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Directory.Features.Annuaire.ListInstitutions;

internal sealed record ListInstitutionsQuery(string? Search, int Page) : IQuery<InstitutionPage>;

/// <param name="Total">How many institutions match, repeated on every row (one round trip for rows and count).</param>
internal sealed record InstitutionRow(string Slug, string Name, string? Category, int Antennes, int Experts, int Subjects, int Total);

internal sealed record InstitutionPage(IReadOnlyList<InstitutionRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

internal sealed class ListInstitutionsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListInstitutionsQuery, InstitutionPage>
{
    public const int PageSize = 25;

    private static readonly string Rows = $"""
        with matching as (
            select i.id, i.slug, i.name, i.category
            from directory.institution i
            where i.deleted_at is null and {TextSearch.Contains("i.name || ' ' || i.slug", "Search")}
        )
        select m.slug as Slug, m.name as Name, m.category as Category,
               (select count(*) from directory.antenne a where a.institution_id = m.id and a.deleted_at is null)::int as Antennes,
               (select count(*) from directory.expert e join directory.antenne a on a.id = e.antenne_id
                 where a.institution_id = m.id and e.deleted_at is null and a.deleted_at is null)::int as Experts,
               (select count(distinct s.subject_id) from directory.institution_subject s where s.institution_id = m.id)::int as Subjects,
               count(*) over ()::int as Total
        from matching m
        order by m.name collate "fr-x-icu"
        limit @PageSize offset @Offset
        """;

    public async ValueTask<InstitutionPage> Handle(ListInstitutionsQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<InstitutionRow>(new CommandDefinition(
            Rows,
            new { Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim(), PageSize, Offset = (page - 1) * PageSize },
            cancellationToken: cancellationToken))).AsList();
        return new InstitutionPage(rows, rows.Count == 0 ? 0 : rows[0].Total, page, PageSize);
    }
}
