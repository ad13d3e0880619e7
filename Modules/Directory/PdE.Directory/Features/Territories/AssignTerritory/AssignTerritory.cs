using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Territories.AssignTerritory;

internal sealed record FindTerritoryQuery(TerritoryKey Key) : IQuery<TerritorySummary?>;

internal sealed record AntenneChoice(Guid Id, string Label);

internal sealed record ListAntenneChoicesQuery : IQuery<IReadOnlyList<AntenneChoice>>;

/// <summary>Adds every commune of the territory to the antenne's; null when the territory or the antenne does not exist.</summary>
internal sealed record AssignTerritoryCommand(TerritoryKey Key, Guid AntenneId, Actor By) : ICommand<TerritoryAssigned?>;

internal sealed record TerritoryAssigned(string TerritoryName, string AntenneName, int Added, int AlreadyCovered);

internal sealed class FindTerritoryHandler(NpgsqlDataSource dataSource) : IQueryHandler<FindTerritoryQuery, TerritorySummary?>
{
    public async ValueTask<TerritorySummary?> Handle(FindTerritoryQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await Territories.FindAsync(connection, null, query.Key, cancellationToken);
    }
}

internal sealed class ListAntenneChoicesHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListAntenneChoicesQuery, IReadOnlyList<AntenneChoice>>
{
    public async ValueTask<IReadOnlyList<AntenneChoice>> Handle(ListAntenneChoicesQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AntenneChoice>(new CommandDefinition("""
            select a.id as Id, i.name || ' – ' || a.name as Label
            from directory.antenne a join directory.institution i on i.id = a.institution_id
            where a.deleted_at is null and i.deleted_at is null
            order by i.name collate "fr-x-icu", a.name collate "fr-x-icu"
            """, cancellationToken: cancellationToken))).AsList();
    }
}

internal sealed class AssignTerritoryHandler(NpgsqlDataSource dataSource) : ICommandHandler<AssignTerritoryCommand, TerritoryAssigned?>
{
    public async ValueTask<TerritoryAssigned?> Handle(AssignTerritoryCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The lock makes two assignments to the same antenne wait for each other, so each audit entry counts right.
        var antenne = await connection.QuerySingleOrDefaultAsync<AntenneState>(new CommandDefinition("""
            select a.name as Name, (select count(*) from directory.antenne_commune ac where ac.antenne_id = a.id)::int as Communes
            from directory.antenne a where a.id = @AntenneId and a.deleted_at is null
            for update
            """, new { command.AntenneId }, transaction, cancellationToken: cancellationToken));
        var territory = await Territories.FindAsync(connection, transaction, command.Key, cancellationToken);
        if (antenne is null || territory is null)
        {
            return null;
        }

        var added = await Territories.AssignToAntenneAsync(connection, transaction, command.Key, command.AntenneId, cancellationToken);
        await AuditLog.RecordAsync(transaction, command.By, "antenne", command.AntenneId, $"Affectation du territoire « {territory.Name} »",
            new { Communes = antenne.Communes }, new { Communes = antenne.Communes + added, Ajoutées = added }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TerritoryAssigned(territory.Name, antenne.Name, added, territory.Communes - added);
    }

    private sealed record AntenneState(string Name, int Communes);
}
