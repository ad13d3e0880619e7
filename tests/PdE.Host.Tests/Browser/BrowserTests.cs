namespace PdE.Host.Tests.Browser;

/// <summary>A site on Kestrel (see <see cref="SiteTests"/>) and one Chromium, both for the whole class.</summary>
public abstract class BrowserTests : SiteTests
{
    internal BrowserSession Chromium { get; private set; } = null!;

    protected override bool ListensOnKestrel => true;

    [OneTimeSetUp]
    public async Task StartBrowserAsync() => Chromium = await BrowserSession.LaunchAsync();

    [OneTimeTearDown]
    public async Task StopBrowserAsync() => await Chromium.DisposeAsync();
}
