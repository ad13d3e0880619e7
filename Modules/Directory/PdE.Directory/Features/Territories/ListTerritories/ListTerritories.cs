using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Territories.ListTerritories;

internal sealed record ListTerritoriesQuery(string? Search, int Page) : IQuery<TerritoryPage>;

internal sealed record TerritoryRow(string Kind, string Code, string Name, string? RegionName, int Communes, int Total)
{
    public TerritoryKey Key => new(Kind, Code);
}

internal sealed record TerritoryPage(IReadOnlyList<TerritoryRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Custom territories first, then régions, départements and EPCI straight from the reference data.</summary>
internal sealed class ListTerritoriesHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListTerritoriesQuery, TerritoryPage>
{
    public const int PageSize = 25;

    // Communes are counted for the page's rows only: counting all 1,300 territories would read the commune table many times over.
    private const string Rows = """
        with territories as (
            select 'custom' as kind, t.id::text as code, t.name, t.region_code, 0 as rank from directory.territory t where t.kind = 'custom'
            union all select 'region', r.code, r.name, r.code, 1 from directory.region r
            union all select 'departement', d.code, d.name || ' (' || d.code || ')', d.region_code, 2 from directory.departement d
            union all select 'epci', e.code, e.name, null, 3 from directory.epci e
        ), page as (
            select t.*, count(*) over ()::int as total
            from territories t
            where @Search::text is null
               or translate(lower(t.name collate "und-x-icu"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''')
                  like '%' || translate(lower(@Search::text collate "und-x-icu"), 'àâäéèêëîïôöùûüç’', 'aaaeeeeiioouuuc''') || '%'
               or t.code = @Search::text
            order by t.rank, t.name collate "fr-x-icu"
            limit @PageSize offset @Offset
        )
        select p.kind as Kind, p.code as Code, p.name as Name, r.name as RegionName,
               case p.kind
                   when 'custom' then (select count(*) from directory.territory_commune tc where tc.territory_id = p.code::uuid)
                   when 'region' then (select count(*) from directory.commune c where c.region_code = p.code)
                   when 'departement' then (select count(*) from directory.commune c where c.departement_code = p.code)
                   else (select count(*) from directory.commune c where c.epci_code = p.code)
               end::int as Communes,
               p.total as Total
        from page p
        -- An EPCI lies within one region, save a handful across a border: its first commune's region names it.
        left join directory.region r on r.code = case when p.kind = 'epci'
            then (select c.region_code from directory.commune c where c.epci_code = p.code limit 1) else p.region_code end
        order by p.rank, p.name collate "fr-x-icu"
        """;

    public async ValueTask<TerritoryPage> Handle(ListTerritoriesQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<TerritoryRow>(new CommandDefinition(
            Rows,
            new { Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim(), PageSize, Offset = (page - 1) * PageSize },
            cancellationToken: cancellationToken))).AsList();
        return new TerritoryPage(rows, rows.Count == 0 ? 0 : rows[0].Total, page, PageSize);
    }
}
