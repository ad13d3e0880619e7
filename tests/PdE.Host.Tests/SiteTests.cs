namespace PdE.Host.Tests;

/// <summary>
/// What a test class of the whole site starts from: one host over its own database for the whole class. A class that needs
/// settings (demo data, a stubbed registry) overrides <see cref="Settings"/>.
/// </summary>
public abstract class SiteTests
{
    internal PdEApplication App { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    protected virtual bool ListensOnKestrel => false;

    [OneTimeSetUp]
    public async Task StartSiteAsync() => App = await PdEApplication.StartAsync(kestrel: ListensOnKestrel, settings: Settings);

    [OneTimeTearDown]
    public async Task StopSiteAsync() => await App.DisposeAsync();
}
