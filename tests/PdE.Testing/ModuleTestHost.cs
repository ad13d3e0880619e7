using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Shared.Outbox;

namespace PdE.Testing;

/// <summary>
/// One module's services over a fresh test database: what a module test project drives its slices through.
/// The mediator is registered by the caller, because its code is generated inside the calling test assembly.
/// </summary>
public sealed class ModuleTestHost : IAsyncDisposable
{
    private ModuleTestHost(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }

    public static async Task<ModuleTestHost> StartAsync(
        Action<IServiceCollection> addMediator,
        Action<IServiceCollection, IConfiguration> addModule,
        IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            return new ModuleTestHost(database, await BuildAsync(database, addMediator, addModule, settings));
        }
        catch
        {
            // A set-up that fails (a missing registration, a broken migration) must not leave its PostgreSQL running.
            await database.DisposeAsync();
            throw;
        }
    }

    private static async Task<ServiceProvider> BuildAsync(
        TestDatabase database,
        Action<IServiceCollection> addMediator,
        Action<IServiceCollection, IConfiguration> addModule,
        IDictionary<string, string?>? settings)
    {
        TestContext.Progress.WriteLine($"Test database {database.DatabaseName} on {database.Origin}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration);
        services.AddPdEDatabase(database.ConnectionString);
        addMediator(services);
        addModule(services, configuration);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        try
        {
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            foreach (var loader in provider.GetServices<IReferenceDataLoader>())
            {
                await loader.LoadAsync(CancellationToken.None);
            }

            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Tables filled by reference-data loaders: kept by <see cref="ResetAsync"/> (reloading them for every test would be slow).</summary>
    public static readonly string[] ReferenceTables =
        ["directory.region", "directory.departement", "directory.epci", "directory.commune", "directory.naf_code", "directory.reference_data_load"];

    public string[] Schemas => Services.GetServices<ModuleSchema>().Select(s => s.Name).ToArray();

    /// <summary>Back to empty tables (reference data kept), then the module's demo data again.</summary>
    public async Task ResetAsync()
    {
        await Database.TruncateAsync(Schemas, keep: ReferenceTables);
        foreach (var seeder in Services.GetServices<IDemoDataSeeder>())
        {
            await seeder.SeedAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs a mediator call in its own scope, as one HTTP request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<int> DispatchOutboxAsync() => Services.GetRequiredService<OutboxProcessor>().DispatchPendingAsync();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
