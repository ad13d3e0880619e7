using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright (no browser download: PLAYWRIGHT_CHROMIUM_PATH or /usr/bin/chromium).</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BrowserSession> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            Assert.Fail($"Chromium not found at {executable}: install it (apt-get install -y chromium) or set PLAYWRIGHT_CHROMIUM_PATH.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>Fails with every axe violation found on the page, named by rule and element.</summary>
    public static void AssertNoViolations(AxeResult result, string path)
    {
        var violations = result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})");
        Assert.That(violations, Is.Empty, $"axe on {path}");
    }

    /// <summary>Opens the sign-in page and signs in.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/connexion");
        await FillSignInFormAsync(page, email, password);
    }

    /// <summary>Fills the sign-in form the page shows (e.g. after a redirect from a protected page) and waits to leave it.</summary>
    public static async Task FillSignInFormAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/connexion", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
