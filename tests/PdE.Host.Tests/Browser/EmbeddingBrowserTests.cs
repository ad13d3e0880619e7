using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 15's journey in Chromium: the team creates a partner page, copies its embed code into a page served from another
/// loopback origin (a partner's site), and the frame shows the landing there, and nowhere else (a second partner's site
/// gets a frame the browser refused).
/// </summary>
public sealed class EmbeddingBrowserTests : BrowserTests
{
    private const string Title = "L’atelier numérique des artisans";

    [Test]
    public async Task A_partner_page_created_by_the_team_is_embedded_by_its_partner_site_and_refused_elsewhere()
    {
        await using var allowed = await PartnerSite.StartAsync();
        await using var other = await PartnerSite.StartAsync();
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");

        await page.GotoAsync("/admin/parcours");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Pages partenaires");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/admin/parcours");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouvelle page partenaire" }).ClickAsync();
        await page.Locator("#input-slug").FillAsync("atelier-numerique");
        await page.Locator("#input-title").FillAsync(Title);
        await page.Locator("#input-intro").FillAsync("Site internet, vente en ligne : un conseiller public vous rappelle.");
        await page.Locator("#input-partner").FillAsync("Chambre de métiers et de l’artisanat");
        await page.Locator("#input-embed-themes").CheckAsync();
        await page.Locator("label[for=input-theme-numerique]").ClickAsync();
        await Assertions.Expect(page.Locator("#input-theme-numerique")).ToBeCheckedAsync();
        await page.Locator("#input-origins").FillAsync($"{allowed.Origin}/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la page" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/parcours/atelier-numerique$"));
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync("a été créée");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/admin/parcours/atelier-numerique");
        var code = await page.Locator("#code-integration").InputValueAsync();
        var source = Regex.Match(code, "src=\"(?<url>[^\"]+)\"").Groups["url"].Value;
        Assert.That(source, Does.EndWith("/aide-entreprises/atelier-numerique?iframe=1"), code);

        // The test site does not live at its Site:BaseUrl (a port chosen at start): the partner's copy points at where it runs.
        var embedded = code.Replace(source, new Uri(App.KestrelAddress!, "/aide-entreprises/atelier-numerique?iframe=1").ToString(), StringComparison.Ordinal);
        allowed.Body = embedded;
        other.Body = embedded;

        var partner = await context.NewPageAsync();
        await partner.GotoAsync(allowed.Origin);
        await Assertions.Expect(partner.FrameLocator("iframe").Locator("h1")).ToHaveTextAsync(Title, new() { Timeout = 30_000 });
        await Assertions.Expect(partner.FrameLocator("iframe").Locator("#partenaire")).ToContainTextAsync("Avec Chambre de métiers et de l’artisanat");

        var elsewhere = await context.NewPageAsync();
        await elsewhere.GotoAsync(other.Origin);
        await Waits.UntilAsync(() => Task.FromResult(elsewhere.Frames.Any(f => f.ParentFrame is not null && f.Url.StartsWith("chrome-error:", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), () => $"the frame on {other.Origin} to be refused (frames: {string.Join(", ", elsewhere.Frames.Select(f => f.Url))})");
        var refused = elsewhere.Frames.Single(f => f.ParentFrame is not null);
        Assert.That(await refused.ContentAsync(), Does.Not.Contain(Title));
    }

    /// <summary>A partner's site on its own loopback port (another origin): one page holding what the test puts in <see cref="Body"/>.</summary>
    private sealed class PartnerSite : IAsyncDisposable
    {
        private readonly WebApplication app;

        private PartnerSite(WebApplication app) => this.app = app;

        public string Body { get; set; } = "";

        public string Origin => app.Urls.First().TrimEnd('/');

        public static async Task<PartnerSite> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var site = new PartnerSite(app);
            app.MapGet("/", () => Results.Content(
                $"<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Site du partenaire</title></head><body><h1>Site du partenaire</h1>{site.Body}</body></html>",
                "text/html; charset=utf-8"));
            await app.StartAsync();
            return site;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
