using Mediator;
using PdE.Shared.Migrations;
using PdE.Stats.Contracts;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Migrates, loads reference data and, when asked, seeds demo data, before the other hosted services and the server start.
/// </summary>
internal sealed class DatabaseStartup(
    DatabaseMigrator migrator,
    IEnumerable<IReferenceDataLoader> referenceData,
    IEnumerable<IDemoDataSeeder> seeders,
    IConfiguration configuration,
    IServiceScopeFactory scopes,
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

            // The seeders write the demo's requests and needs straight into their tables, not through events: Stats counts
            // them from the modules' history. On the demo's few hundred rows this takes a moment.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RebuildStatsProjections(), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
