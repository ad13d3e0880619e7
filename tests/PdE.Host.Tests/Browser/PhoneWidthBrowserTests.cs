using Dapper;
using Microsoft.Playwright;
using Npgsql;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 17: every page of the demo reads on a phone (375 px wide): nothing wider than the screen, so no page scrolls
/// sideways, whether a visitor or the team reads it; the desk's filters wait behind one button, open when one is in use.
/// </summary>
public sealed class PhoneWidthBrowserTests : BrowserTests
{
    // The embedded default's demo requests, so that the desk and a request's page have something to show.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Demo:Requests"] = "true",
        ["Solicitations:EnrichmentCron"] = "0 0 0 1 1 ? 2099",
        ["Solicitations:RegistersCron"] = "0 0 0 1 1 ? 2099",
    };

    [Test]
    public async Task No_page_of_the_demo_scrolls_sideways_at_375_px()
    {
        string[] publicPages = ["/", "/comment-ca-marche", "/stats", "/connexion", "/sujets/financer-projet/demande"];
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var (institution, antenne, expert, request) = await connection.QuerySingleAsync<(string, Guid, Guid, Guid)>("""
            select (select i.slug from directory.institution i join directory.antenne a on a.institution_id = i.id where a.name = 'CCI Paris Île-de-France'),
                   (select id from directory.antenne where name = 'CCI Paris Île-de-France'),
                   (select id from directory.expert where full_name = 'Camille Martin'),
                   (select id from solicitations.solicitation where status <> 'draft' order by submitted_at limit 1)
            """);
        string[] teamPages =
        [
            "/conseiller", "/conseiller/sollicitations", "/conseiller/sollicitations?onglet=mises-de-cote", $"/conseiller/sollicitations/{request}",
            "/conseiller/besoins", "/admin/annuaire", $"/admin/annuaire/institutions/{institution}", $"/admin/annuaire/antennes/{antenne}",
            $"/admin/annuaire/experts/{expert}", "/admin/comptes", "/admin/comptes/inviter", "/admin/territoires", "/admin/liste-de-blocage",
            "/admin/cles-api", "/admin/e-mails",
        ];

        await using var context = await Chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = 375, Height = 812 },
        });
        var page = await context.NewPageAsync();
        var tooWide = new List<string>();
        async Task ReadAsync(string path)
        {
            var response = await page.GotoAsync(path);
            Assert.That(response?.Status, Is.EqualTo(200), path);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
            {
                var widest = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''))
                        .slice(0, 3).join(', ')
                    """);
                tooWide.Add($"{path}: {widths[0]} px for a {widths[1]} px screen ({widest})");
            }
        }

        foreach (var path in publicPages)
        {
            await ReadAsync(path);
        }

        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        foreach (var path in teamPages)
        {
            await ReadAsync(path);
        }

        Assert.That(tooWide, Is.Empty);

        // The desk's filters besides the search wait behind one button on a phone.
        await page.GotoAsync("/conseiller/sollicitations");
        await Assertions.Expect(page.GetByLabel("Sujet")).Not.ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "triage-375.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtres" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Sujet")).ToBeVisibleAsync();
        await page.GotoAsync("/conseiller/sollicitations?signal=doublon");
        await Assertions.Expect(page.GetByLabel("Sujet")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }
}
