using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Companies;
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
            (services, configuration) =>
            {
                services.AddSolicitations(configuration);
                // The offline registry, which a test can switch off to play the registry being down (degraded mode).
                services.AddSingleton<ICompanyRegistry, SwitchableRegistry>();
            },
            // Module tests never reach the network: the registry answers from its demo companies (the HTTP client has its own stub tests).
            new Dictionary<string, string?> { ["CompanyRegistry:Mode"] = "offline" });

    [OneTimeTearDown]
    public async Task StopAsync() => await Host.DisposeAsync();
}

/// <summary>The offline demo registry, or a registry that cannot be asked while <see cref="Down"/>.</summary>
internal sealed class SwitchableRegistry : ICompanyRegistry
{
    private static readonly OfflineCompanyRegistry Offline = new();

    public static bool Down { get; set; }

    public Task<CompanySearch> SearchAsync(string text, CancellationToken cancellationToken) =>
        Down ? Task.FromResult(new CompanySearch(true, [])) : Offline.SearchAsync(text, cancellationToken);

    public Task<EstablishmentLookup> GetEstablishmentAsync(string siret, CancellationToken cancellationToken) =>
        Down ? Task.FromResult(new EstablishmentLookup(true, null)) : Offline.GetEstablishmentAsync(siret, cancellationToken);
}
