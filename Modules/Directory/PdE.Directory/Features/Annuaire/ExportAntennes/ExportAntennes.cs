using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Csv;

namespace PdE.Directory.Features.Annuaire.ExportAntennes;

/// <summary>The antennes of an institution as the CSV file ImportAntennes reads back; null for an unknown institution.</summary>
internal sealed record ExportAntennesQuery(string Slug) : IQuery<byte[]?>;

internal sealed class ExportAntennesHandler(NpgsqlDataSource dataSource) : IQueryHandler<ExportAntennesQuery, byte[]?>
{
    public static readonly string[] Header = ["Institution", "Nom", "Échelon", "Codes communes"];

    private const string Antennes = """
        select name from directory.institution where slug = @Slug and deleted_at is null;

        select a.name as Name, a.territorial_level as TerritorialLevel,
               coalesce((select string_agg(ac.commune_code, ' ' order by ac.commune_code collate "C")
                         from directory.antenne_commune ac where ac.antenne_id = a.id), '') as Communes
        from directory.antenne a join directory.institution i on i.id = a.institution_id
        where i.slug = @Slug and a.deleted_at is null
        order by case a.territorial_level when 'national' then 0 when 'regional' then 1 else 2 end, a.name collate "fr-x-icu";
        """;

    public async ValueTask<byte[]?> Handle(ExportAntennesQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Antennes, new { query.Slug }, cancellationToken: cancellationToken));
        var institution = await results.ReadSingleOrDefaultAsync<string>();
        var antennes = await results.ReadAsync<ExportRow>();
        if (institution is null)
        {
            return null;
        }

        var rows = antennes.Select(a => (IReadOnlyList<string>)[institution, a.Name, EchelonLabel(a.TerritorialLevel), a.Communes]);
        return CsvFile.Write([Header, .. rows]);
    }

    private sealed record ExportRow(string Name, string TerritorialLevel, string Communes);

    /// <summary>The file's wording of a territorial level (ImportAntennes reads it back).</summary>
    public static string EchelonLabel(string level) => level switch
    {
        "national" => "nationale",
        "regional" => "régionale",
        _ => "locale",
    };
}
