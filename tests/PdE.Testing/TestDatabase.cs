using Dapper;
using DotNet.Testcontainers.Configurations;
using Npgsql;
using PdE.Shared.Hosting;
using Testcontainers.PostgreSql;

namespace PdE.Testing;

/// <summary>
/// The PostgreSQL server a test run uses, chosen in this order (README, "Working on one module"):
/// PDE_TEST_DATABASE if set; else a Testcontainers container when a Docker engine answers;
/// else a throwaway cluster from the local server binaries. Each test run gets its own fresh database
/// on that server, so test projects running in parallel never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string serverConnectionString;
    private readonly IAsyncDisposable? server;

    private TestDatabase(string serverConnectionString, IAsyncDisposable? server, string databaseName)
    {
        this.serverConnectionString = serverConnectionString;
        this.server = server;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
    }

    public string DatabaseName { get; }
    public string ConnectionString { get; }

    /// <summary>Where the server came from, for the test log.</summary>
    public string Origin { get; private init; } = "";

    public static async Task<TestDatabase> CreateAsync()
    {
        var (serverConnectionString, server, origin) = await StartServerAsync();
        var name = $"pde_test_{Guid.NewGuid():N}"[..30];
        try
        {
            await using var connection = new NpgsqlConnection(serverConnectionString);
            await connection.ExecuteAsync($"create database \"{name}\"");
        }
        catch when (server is not null)
        {
            await server.DisposeAsync();
            throw;
        }

        return new TestDatabase(serverConnectionString, server, name) { Origin = origin };
    }

    private static async Task<(string ConnectionString, IAsyncDisposable? Server, string Origin)> StartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable("PDE_TEST_DATABASE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null, "PDE_TEST_DATABASE");
        }

        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return (container.GetConnectionString(), container, "Testcontainers");
        }

        var cluster = await LocalPostgresCluster.StartThrowawayAsync();
        return (cluster.ConnectionString(), cluster, $"local cluster in {cluster.Directory}");
    }

    /// <summary>Empties every table of the given schemas except the migration journals and the <paramref name="keep"/> tables.</summary>
    public async Task TruncateAsync(string[] schemas, string[]? keep = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        var tables = (await connection.QueryAsync<string>("""
            select format('%I.%I', schemaname, tablename) from pg_tables
            where schemaname = any(@schemas) and tablename <> 'schemaversions'
              and schemaname || '.' || tablename <> all(@keep)
            """, new { schemas, keep = keep ?? [] })).AsList();
        if (tables.Count > 0)
        {
            await connection.ExecuteAsync($"truncate {string.Join(", ", tables)} cascade");
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(serverConnectionString);
            await connection.ExecuteAsync($"drop database if exists \"{DatabaseName}\" with (force)");
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }
}
