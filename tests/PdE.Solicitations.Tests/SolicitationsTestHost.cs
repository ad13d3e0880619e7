using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Testing;

namespace PdE.Solicitations.Tests;

[SetUpFixture]
public sealed class SolicitationsTestHost
{
    public static ModuleTestHost Host { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync() =>
        Host = await ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, configuration) => services.AddSolicitations(configuration),
            // Module tests never reach the network: the registry answers from its demo companies (the HTTP client has its own stub tests).
            new Dictionary<string, string?> { ["CompanyRegistry:Mode"] = "offline" });

    [OneTimeTearDown]
    public async Task StopAsync() => await Host.DisposeAsync();
}
