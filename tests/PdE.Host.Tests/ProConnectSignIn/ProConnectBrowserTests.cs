using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PdE.Host.Tests.Browser;
using PdE.Shared.Web;

namespace PdE.Host.Tests.ProConnectSignIn;

/// <summary>
/// The sign-in page with its ProConnect button, in Chromium: axe finds nothing, nothing is wider than a phone, and a click
/// on the button signs the agent in through the provider (<see cref="TestProConnectProvider"/>) as a browser does it,
/// following the redirects itself.
/// </summary>
public sealed class ProConnectBrowserTests
{
    private TestProConnectProvider provider = null!;
    private PdEApplication app = null!;
    private BrowserSession chromium = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        provider = await TestProConnectProvider.StartAsync();
        app = await PdEApplication.StartAsync(kestrel: true, settings: provider.Settings);
        chromium = await BrowserSession.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await chromium.DisposeAsync();
        await app.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Test]
    public async Task The_sign_in_page_with_its_button_has_no_accessibility_violation_and_fits_a_phone()
    {
        foreach (var width in new[] { 1280, 375 })
        {
            await using var context = await chromium.Browser.NewContextAsync(new()
            {
                BaseURL = app.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = width, Height = 900 },
            });
            var page = await context.NewPageAsync();
            foreach (var path in new[] { "/connexion", $"/connexion?{ProConnect.OutcomeParameter}={ProConnect.Outcomes.Failed}" })
            {
                await page.GotoAsync(path);
                Assert.That(await page.Locator("button.fr-connect").IsVisibleAsync(), Is.True, $"{path} at {width} px shows the button");
                BrowserSession.AssertNoViolations(await page.RunAxe(new AxeRunOptions { Iframes = false }), $"{path} at {width} px");
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.That(overflow, Is.LessThanOrEqualTo(0), $"{path} at {width} px scrolls sideways");
            }
        }
    }

    [Test]
    public async Task A_click_on_the_button_signs_the_agent_in_and_lands_on_her_inbox()
    {
        provider.NextEmail = "camille.martin@cci-paris-idf.example.fr";
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = app.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Button, new() { Name = "S’identifier avec ProConnect" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith(AgentLanding.Inbox, StringComparison.Ordinal));
        Assert.That(await page.Locator("h1").First.TextContentAsync(), Is.Not.Empty);
        var response = await page.GotoAsync("/conseiller");
        Assert.That(response?.Status, Is.EqualTo(200));
        Assert.That(page.Url, Does.EndWith("/conseiller"), "a protected page, signed in");
    }
}
