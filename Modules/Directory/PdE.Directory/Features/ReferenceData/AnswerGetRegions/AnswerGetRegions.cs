using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.ReferenceData.AnswerGetRegions;

/// <summary>Answers the régions and their départements from the reference data.</summary>
internal sealed class AnswerGetRegionsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetRegions, IReadOnlyList<RegionChoice>>
{
    private const string FindRegions = """
        select r.code as Code, r.name as Name, coalesce(array_agg(d.code order by d.code) filter (where d.code is not null), '{}') as DepartementCodes
        from directory.region r
        left join directory.departement d on d.region_code = r.code
        group by r.code, r.name
        order by r.name collate "und-x-icu"
        """;

    public async ValueTask<IReadOnlyList<RegionChoice>> Handle(GetRegions query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RegionRow>(new CommandDefinition(FindRegions, cancellationToken: cancellationToken));
        return rows.Select(r => new RegionChoice(r.Code, r.Name, r.DepartementCodes)).ToList();
    }

    // Settable properties: Dapper does not match a text[] column to a constructor parameter.
    private sealed class RegionRow
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] DepartementCodes { get; init; } = [];
    }
}
