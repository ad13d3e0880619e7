using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.ReferenceData.AnswerGetNafLabels;

/// <summary>Answers NAF labels by code, dotted or not, from the reference data (under 2,000 rows).</summary>
internal sealed class AnswerGetNafLabelsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetNafLabels, IReadOnlyDictionary<string, string>>
{
    private const string FindLabels = """
        select replace(code, '.', '') as Code, label as Label from directory.naf_code where replace(code, '.', '') = any(@Codes)
        """;

    public async ValueTask<IReadOnlyDictionary<string, string>> Handle(GetNafLabels query, CancellationToken cancellationToken)
    {
        var asked = query.Codes.Distinct().ToDictionary(code => code, Bare);
        if (asked.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var labels = (await connection.QueryAsync<(string Code, string Label)>(new CommandDefinition(
                FindLabels, new { Codes = asked.Values.Distinct().ToArray() }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Code, r => r.Label);
        return asked.Where(a => labels.ContainsKey(a.Value)).ToDictionary(a => a.Key, a => labels[a.Value]);
    }

    /// <summary>"10.71c " and "1071C" are both 1071C.</summary>
    private static string Bare(string code) => code.Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
