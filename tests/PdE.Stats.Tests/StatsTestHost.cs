using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Testing;

namespace PdE.Stats.Tests;

[SetUpFixture]
public sealed class StatsTestHost
{
    public static ModuleTestHost Host { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        Host = await ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, configuration) => services.AddStats(configuration));

    [OneTimeTearDown]
    public async Task StopAsync() => await Host.DisposeAsync();
}
