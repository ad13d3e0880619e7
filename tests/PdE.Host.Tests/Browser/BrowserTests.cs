namespace PdE.Host.Tests.Browser;

/// <summary>
/// What every browser test class starts from: one site on Kestrel over its own database, and one Chromium, for the whole
/// class. A class that needs settings (demo data, a stubbed registry) overrides <see cref="Settings"/>.
/// </summary>
public abstract class BrowserTests
{
    internal PdEApplication App { get; private set; } = null!;
    internal BrowserSession Chromium { get; private set; } = null!;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartSiteAndBrowserAsync()
    {
        App = await PdEApplication.StartAsync(kestrel: true, settings: Settings);
        Chromium = await BrowserSession.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopSiteAndBrowserAsync()
    {
        await Chromium.DisposeAsync();
        await App.DisposeAsync();
    }
}
