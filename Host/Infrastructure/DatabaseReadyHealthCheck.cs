using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PdE.Shared.Migrations;

namespace PdE.Host.Infrastructure;

/// <summary>Ready when PostgreSQL answers and every module's migrations are applied.</summary>
internal sealed class DatabaseReadyHealthCheck(NpgsqlDataSource dataSource, DatabaseMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("Database unreachable", ex);
        }

        return migrator.IsUpToDate()
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Database migrations pending");
    }
}
