using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using PdE.Shared.Migrations;
using PdE.Shared.Outbox;

namespace PdE.Shared.Db;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// One data source for the whole database; each module only ever names its own schema. Its connections carry
    /// <see cref="ConnectionSettings"/> (idle transactions ended after a minute, TCP keepalive on both sides).
    /// </summary>
    public static IServiceCollection AddPdEDatabase(this IServiceCollection services, string connectionString)
    {
        connectionString = ConnectionSettings.Apply(connectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new DatabaseConnectionString(connectionString));
        // Hot queries (routing, outbox polling) are prepared automatically: planning them costs more than running them.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 50;
        }

        // A connection handed back to the pool is not reset (six statements: RESET ALL, UNLISTEN *, CLOSE ALL…, sent with its
        // next command): a request takes a connection about ten times, and under the partner API's load these resets were the
        // most frequent statements of the server. Nothing leaves session state behind: settings are `set local` or reset by
        // their writer (the Stats rebuild's), temporary tables are dropped on commit, the outbox's LISTEN keeps its connection.
        builder.NoResetOnClose = true;

        services.AddSingleton(_ => NpgsqlDataSource.Create(builder.ConnectionString));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<OutboxProcessor>();
        services.AddSingleton<OutboxWakeups>();
        return services;
    }

    public static IServiceCollection AddModuleSchema(this IServiceCollection services, ModuleSchema schema)
    {
        services.AddSingleton(schema);
        return services;
    }
}

public sealed record DatabaseConnectionString(string Value);
