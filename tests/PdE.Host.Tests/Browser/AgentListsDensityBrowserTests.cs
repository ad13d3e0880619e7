using Dapper;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 17: the agents' lists fit a working day. A page of 25 requests on the desk, or of 25 needs in an advisor's inbox,
/// long names and flags included, takes at most two screens at 1280 px, with the actions on the ticked rows above them, in
/// sight once a row is ticked.
/// </summary>
public sealed class AgentListsDensityBrowserTests : BrowserTests
{
    private const int Screen = 800;

    [Test]
    public async Task A_page_of_25_requests_fits_within_two_screens_at_1280_px_with_the_actions_above_the_rows()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            // Long names, companies and places, half of them flagged: the rows a busy week brings.
            await connection.ExecuteAsync("""
                insert into solicitations.solicitation
                    (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
                select gen_random_uuid(), 'Marie-Françoise Delaunay-Bertrand ' || n, 'contact' || n || '@boulangerie-delaunay.fr', '0612345678',
                       case when n % 2 = 0 then '73282932000074' else lpad((10000000000000 + n)::text, 14, '0') end,
                       'autre-demande', 'Nous cherchons un financement pour un nouvel atelier de fabrication.', 'received',
                       clock_timestamp() - n * interval '1 hour', '75111', 'BOULANGERIE PÂTISSERIE DELAUNAY-BERTRAND ET FILS', '69.20Z'
                from generate_series(1, 30) n
                """);
        }

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        await page.GotoAsync("/conseiller/sollicitations");
        var rows = page.Locator(".solicitation-card");
        await AssertTwentyFiveFitTwoScreensAsync(page, rows, "requests", "desk-25.png");

        // Once a row is ticked, the actions stay in sight while the rows scroll; the details of a row open in place.
        await rows.Nth(0).Locator("label").ClickAsync(); // DSFR draws the box on the label
        await Assertions.Expect(page.Locator("#cochees")).ToHaveTextAsync("1 demande cochée");
        await AssertActionsStickAsync(page, rows);
        await rows.Nth(20).Locator("summary", new() { HasText = "Détails" }).ClickAsync();
        await Assertions.Expect(rows.Nth(20).Locator(".solicitation-facts")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations (25 requests, one opened)");
    }

    [Test]
    public async Task A_page_of_25_needs_in_an_advisors_inbox_fits_within_two_screens_at_1280_px()
    {
        for (var i = 1; i <= 26; i++)
        {
            await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", $"MENUISERIE ÉBÉNISTERIE DU GRAND OUEST {i:00}", TimeSpan.FromMinutes(100 - i),
                description: "Nous voulons recruter deux apprentis menuisiers et financer une nouvelle machine à commande numérique pour l’atelier de Nantes.");
        }

        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        await page.GotoAsync("/conseiller/besoins");
        var rows = page.Locator("#besoins > li");
        await AssertTwentyFiveFitTwoScreensAsync(page, rows, "needs", "inbox-25.png");

        await rows.Nth(0).Locator("input[type=checkbox]").ClickAsync(new() { Force = true }); // on the box DSFR draws over it
        await Assertions.Expect(page.Locator("#coches")).ToHaveTextAsync("1 besoin coché");
        await AssertActionsStickAsync(page, rows);
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins (25 needs, one ticked)");
    }

    private Task<IBrowserContext> NewContextAsync() => Chromium.Browser.NewContextAsync(new()
    {
        BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = 1280, Height = Screen },
    });

    /// <summary>The page shows 25 <paramref name="rows"/>, below the bar of actions and within two screens.</summary>
    private static async Task AssertTwentyFiveFitTwoScreensAsync(IPage page, ILocator rows, string what, string screenshot)
    {
        await Assertions.Expect(rows).ToHaveCountAsync(25);
        if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, screenshot), FullPage = true });
        }

        var actions = await page.Locator(".pde-actions").BoundingBoxAsync();
        var first = await rows.First.BoundingBoxAsync();
        var last = await rows.Last.BoundingBoxAsync();
        Assert.That(actions!.Y + actions.Height, Is.LessThanOrEqualTo(first!.Y), "the actions come before the rows");
        var height = last!.Y + last.Height - first.Y;
        await TestContext.Out.WriteLineAsync($"25 {what}: {height:0} px from the first row's top to the last row's bottom ({height / 25:0} px a row)");
        Assert.That(height, Is.LessThanOrEqualTo(2 * Screen), $"25 {what} within two screens of {Screen} px");
    }

    /// <summary>Scrolled to the 21st row, the bar of actions is at the top of the screen.</summary>
    private static async Task AssertActionsStickAsync(IPage page, ILocator rows)
    {
        await rows.Nth(20).ScrollIntoViewIfNeededAsync();
        var stuck = await page.Locator(".pde-actions").BoundingBoxAsync();
        Assert.That(stuck!.Y, Is.InRange(-1, 1), "the bar of actions sticks to the top of the screen");
    }
}
