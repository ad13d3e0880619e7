using PdE.Shared.Hosting;

namespace PdE.Host.Infrastructure;

/// <summary>
/// The zero-set-up default: when no connection string is configured, a private cluster is started
/// from the installed PostgreSQL binaries and demo data is seeded. A configured connection string always wins.
/// </summary>
internal static class EmbeddedDatabase
{
    public static async Task<LocalPostgresCluster?> StartIfNotConfiguredAsync(ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Default")))
        {
            return null;
        }

        if (LocalPostgresCluster.FindBinaries() is null)
        {
            throw new EmbeddedDatabaseUnavailableException(LocalPostgresCluster.MissingBinariesMessage);
        }

        var directory = Path.GetFullPath(configuration["EmbeddedDatabase:Directory"] ?? ".data/postgres", environment.ContentRootPath);
        LocalPostgresCluster cluster;
        try
        {
            cluster = await LocalPostgresCluster.StartAsync(directory, deleteOnStop: false);
        }
        catch (InvalidOperationException ex)
        {
            throw new EmbeddedDatabaseUnavailableException($"the embedded PostgreSQL in {directory} did not start: {ex.Message}");
        }

        await cluster.CreateDatabaseIfMissingAsync("pde");
        configuration["ConnectionStrings:Default"] = cluster.ConnectionString("pde");
        configuration["Demo:Seed"] ??= "true";
        // Demo requests on the triage desk, one for each tab and warning flag (tests leave them off: they count requests).
        configuration["Demo:Requests"] ??= "true";
        // The demo works without network: the company search answers from the demo companies.
        configuration["CompanyRegistry:Mode"] ??= "offline";
        return cluster;
    }
}

internal sealed class EmbeddedDatabaseUnavailableException(string message) : Exception(message);
