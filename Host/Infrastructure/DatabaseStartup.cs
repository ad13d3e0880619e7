using PdE.Shared.Migrations;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Migrates, loads reference data and, when asked, seeds demo data, before the other hosted services and the server start.
/// </summary>
internal sealed class DatabaseStartup(
    DatabaseMigrator migrator,
    IEnumerable<IReferenceDataLoader> referenceData,
    IEnumerable<IDemoDataSeeder> seeders,
    IConfiguration configuration,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        foreach (var loader in referenceData)
        {
            await loader.LoadAsync(cancellationToken);
        }

        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            foreach (var seeder in seeders)
            {
                await seeder.SeedAsync(cancellationToken);
            }

            logger.LogInformation("Demo data seeded");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
