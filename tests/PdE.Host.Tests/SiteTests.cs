using Microsoft.Extensions.DependencyInjection;

namespace PdE.Host.Tests;

/// <summary>
/// What a test class of the whole site starts from: one host over its own database for the whole class. A class that needs
/// settings (demo data, a stubbed registry) overrides <see cref="Settings"/>, one that replaces a service (a clock it moves)
/// overrides <see cref="Services"/>.
/// </summary>
public abstract class SiteTests
{
    internal PdEApplication App { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>
    /// The embedded default's demo requests, held as they are seeded: the enrichment and registers jobs, which would complete
    /// the pending ones and change what the tests read, wait until 2099.
    /// </summary>
    protected static readonly IReadOnlyDictionary<string, string?> DemoRequests = new Dictionary<string, string?>
    {
        ["Demo:Requests"] = "true",
        ["Solicitations:EnrichmentCron"] = "0 0 0 1 1 ? 2099",
        ["Solicitations:RegistersCron"] = "0 0 0 1 1 ? 2099",
    };

    protected virtual bool ListensOnKestrel => false;

    /// <summary>Registrations added after the application's own (see <see cref="PdEApplication.StartAsync"/>).</summary>
    protected virtual Action<IServiceCollection>? Services => null;

    [OneTimeSetUp]
    public async Task StartSiteAsync() => App = await PdEApplication.StartAsync(kestrel: ListensOnKestrel, settings: Settings, services: Services);

    [OneTimeTearDown]
    public async Task StopSiteAsync() => await App.DisposeAsync();
}
