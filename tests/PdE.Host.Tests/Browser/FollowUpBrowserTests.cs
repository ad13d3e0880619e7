using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using PdE.Host.Tests.Journeys;

namespace PdE.Host.Tests.Browser;

/// <summary>The requester's follow-up page and the page to get its link again, on a phone, with axe.</summary>
public sealed class FollowUpBrowserTests
{
    [Test]
    public async Task The_follow_up_pages_have_no_accessibility_violation_on_a_phone()
    {
        await using var app = await PdEApplication.StartAsync(kestrel: true);
        await using var browser = await BrowserSession.LaunchAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = app.KestrelAddress,
        };
        await SubmitAndRouteJourneyTests.FileAsync(client, "autre-demande", "73282932000074", "Nous cherchons à embaucher deux apprentis boulangers.");
        var confirmation = await app.Smtp.WaitForAsync(m => m.Subject == "Votre demande à Place des Entreprises a bien été reçue");
        var path = new Uri(Regex.Match(confirmation.TextBody!, @"https?://\S+/suivi/[A-Za-z0-9_-]{43}").Value).AbsolutePath;

        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = app.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = 375, Height = 812 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Suivi de votre demande");
        BrowserSession.AssertNoViolations(await page.RunAxe(), path);

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Recevoir à nouveau le lien" }).ClickAsync();
        await page.GetByLabel("Adresse électronique").FillAsync("jeanne");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Recevoir le lien" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/suivi (erreur)");
    }
}
