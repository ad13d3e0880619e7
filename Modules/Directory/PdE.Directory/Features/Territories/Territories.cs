using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Territories;

/// <summary>
/// A territory as pages name it: <c>region-84</c>, <c>departement-69</c>, <c>epci-200046977</c> (read live from the reference
/// data), or the id of a custom territory (a list of communes kept in directory.territory_commune).
/// </summary>
internal sealed record TerritoryKey(string Kind, string Code)
{
    public const string Custom = "custom";

    public static TerritoryKey? Parse(string? value)
    {
        if (Guid.TryParse(value, out var id))
        {
            return new(Custom, id.ToString());
        }

        var dash = value?.IndexOf('-') ?? -1;
        return dash > 0 && value![..dash] is "region" or "departement" or "epci" && dash < value.Length - 1 ? new(value[..dash], value[(dash + 1)..]) : null;
    }

    public override string ToString() => Kind == Custom ? Code : $"{Kind}-{Code}";

    public string KindLabel => Territories.KindLabel(Kind);
}

internal sealed record TerritorySummary(TerritoryKey Key, string Name, int Communes);

internal static class Territories
{
    public static string KindLabel(string kind) => kind switch
    {
        "region" => "Région",
        "departement" => "Département",
        "epci" => "EPCI",
        _ => "Bassin d’emploi",
    };

    /// <summary>One statement per kind, so that each uses its index; arrondissements (ARM) come with their city, as SIRENE uses them.</summary>
    private static string CommunesOf(string kind) => kind switch
    {
        "region" => "select c.code from directory.commune c where c.region_code = @Code",
        "departement" => "select c.code from directory.commune c where c.departement_code = @Code",
        "epci" => "select c.code from directory.commune c where c.epci_code = @Code",
        _ => "select tc.commune_code from directory.territory_commune tc where tc.territory_id = cast(@Code as uuid)",
    };

    private static string NameOf(string kind) => kind switch
    {
        "region" => "select name from directory.region where code = @Code",
        "departement" => "select name || ' (' || code || ')' from directory.departement where code = @Code",
        "epci" => "select name from directory.epci where code = @Code",
        _ => "select name from directory.territory where id = cast(@Code as uuid) and kind = 'custom'",
    };

    public static async Task<TerritorySummary?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, TerritoryKey key, CancellationToken cancellationToken)
    {
        var name = await connection.QuerySingleOrDefaultAsync<string>(
            new CommandDefinition(NameOf(key.Kind), new { key.Code }, transaction, cancellationToken: cancellationToken));
        return name is null ? null
            : new TerritorySummary(key, name, await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"select count(*)::int from ({CommunesOf(key.Kind)}) t", new { key.Code }, transaction, cancellationToken: cancellationToken)));
    }

    /// <summary>Adds every commune of the territory the antenne does not cover yet; returns how many were added.</summary>
    public static Task<int> AssignToAntenneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TerritoryKey key, Guid antenneId, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition($"""
            insert into directory.antenne_commune (antenne_id, commune_code)
            select @AntenneId, t.code from ({CommunesOf(key.Kind)}) t(code)
            on conflict do nothing
            """, new { key.Code, AntenneId = antenneId }, transaction, cancellationToken: cancellationToken));
}
