using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.ReferenceData.AnswerGetCommuneNames;

/// <summary>Answers commune names and départements by code from the reference data.</summary>
internal sealed class AnswerGetCommuneNamesHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetCommuneNames, IReadOnlyDictionary<string, CommuneName>>
{
    private const string FindNames = """
        select code as Code, name as Name, departement_code as DepartementCode,
               (select min(p) from unnest(postal_codes) p) as Postcode
        from directory.commune where code = any(@Codes)
        """;

    public async ValueTask<IReadOnlyDictionary<string, CommuneName>> Handle(GetCommuneNames query, CancellationToken cancellationToken)
    {
        if (query.Codes.Count == 0)
        {
            return new Dictionary<string, CommuneName>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Code, string Name, string DepartementCode, string? Postcode)>(
            new CommandDefinition(FindNames, new { Codes = query.Codes.Distinct().ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Code, r => new CommuneName(r.Name, r.DepartementCode, r.Postcode));
    }
}
