using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Db;
using PdE.Shared.Outbox;

namespace PdE.Shared.Migrations;

/// <summary>
/// Runs every module's DbUp scripts, one journal per schema, under a PostgreSQL advisory lock so that
/// several hosts starting at once migrate one after the other instead of racing.
/// </summary>
public sealed class DatabaseMigrator(
    NpgsqlDataSource dataSource,
    DatabaseConnectionString connectionString,
    IEnumerable<ModuleSchema> modules,
    ILogger<DatabaseMigrator> logger)
{
    // Arbitrary but fixed: every PdE host must agree on it.
    private const long MigrationLockKey = 0x50644500_4D494752;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("select pg_advisory_lock(@key)", new { key = MigrationLockKey });
        try
        {
            foreach (var module in modules.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                // The journal lives in the schema, so the schema must exist before DbUp looks for it.
                await connection.ExecuteAsync($"create schema if not exists {Quote(module.Name)}");
                Migrate(module);
            }
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = MigrationLockKey });
        }
    }

    /// <summary>True when every module's scripts have been applied (used by /health/ready).</summary>
    public bool IsUpToDate()
    {
        return modules.All(module => !Upgrader(module).IsUpgradeRequired());
    }

    private void Migrate(ModuleSchema module)
    {
        var result = Upgrader(module).PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Database migration of schema '{module.Name}' failed on script '{result.ErrorScript?.Name}': {result.Error.Message}",
                result.Error);
        }

        foreach (var script in result.Scripts)
        {
            logger.LogInformation("Applied migration {Script} to schema {Schema}", script.Name, module.Name);
        }
    }

    private UpgradeEngine Upgrader(ModuleSchema module)
    {
        var builder = DeployChanges.To.PostgresqlDatabase(connectionString.Value, module.Name);
        if (module.HasOutbox)
        {
            // The outbox and inbox tables are the same in every module: Shared owns their scripts. Their names sort before the
            // module's own scripts (PdE.<Module>.Migrations.…), so a module's migrations always find them.
            foreach (var (name, sql) in OutboxSchema.Scripts(module.Name))
            {
                builder = builder.WithScript(new SqlScript(name, sql));
            }
        }

        return builder
            .WithScriptsEmbeddedInAssembly(module.MigrationsAssembly, name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .JournalToPostgresqlTable(module.Name, "schemaversions")
            .WithTransactionPerScript()
            // A script that rewrites a large table (a column added to millions of rows) takes minutes, not the default 30 s.
            .WithExecutionTimeout(TimeSpan.FromHours(1))
            .LogTo(new DbUpLogger(logger))
            .Build();
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed class DbUpLogger(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) { }
        public void LogWarning(string format, params object[] args) => logger.LogWarning("DbUp: {Message}", string.Format(format, args));
        public void LogError(string format, params object[] args) => logger.LogError("DbUp: {Message}", string.Format(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "DbUp: {Message}", string.Format(format, args));
    }
}
