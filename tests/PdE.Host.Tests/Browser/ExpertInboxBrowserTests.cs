using Dapper;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// The expert inbox and the need page in a real browser: no accessibility violation in each state of the advisor's answer,
/// in the « Expirés » tab, with the filters used, and after declining several needs at once.
/// </summary>
public sealed class ExpertInboxBrowserTests : BrowserTests
{
    [Test]
    public async Task The_advisor_opens_her_inbox_takes_and_closes_a_need_without_accessibility_violations()
    {
        var solicitationId = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into solicitations.solicitation
                    (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
                values (@solicitationId, 'Jeanne Martin', 'jeanne@boulangerie-martin.fr', '0612345678', '73282932000074', 'export',
                        'Nous voulons vendre nos viennoiseries en Belgique.', 'received', clock_timestamp(), '75111', 'BOULANGERIE MARTIN', '10.71C')
                """, new { solicitationId });
        }

        await using (var adminContext = await NewContextAsync())
        {
            var admin = await adminContext.NewPageAsync();
            await BrowserSession.SignInAsync(admin, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
            await admin.GotoAsync($"/conseiller/sollicitations/{solicitationId}");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Valider et transmettre" }).ClickAsync();
            await Assertions.Expect(admin.Locator(".fr-alert--success")).ToContainTextAsync("validée");
        }

        await WaitForMatchesAsync(solicitationId);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        await BrowserSession.SignInAsync(page, "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");

        await page.GetByRole(AriaRole.Link, new() { Name = "Besoins reçus" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Besoins reçus");
        await Assertions.Expect(page.Locator("#onglet-reception .inbox-count")).ToHaveTextAsync("1");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins");
        await Screenshot(page, "besoins.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "BOULANGERIE MARTIN" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Besoin de BOULANGERIE MARTIN");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins/{id} (à prendre)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Je prends en charge" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Vous avez pris ce besoin en charge : à vous d’appeler l’entreprise.");
        await Assertions.Expect(page.Locator("#a-vous-d-appeler")).ToContainTextAsync("06 12 34 56 78");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins/{id} (en cours)");
        await Screenshot(page, "besoin.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Clôturer : aide proposée" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Besoin clôturé : aide proposée.");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins/{id} (clôturé)");

        await page.GetByRole(AriaRole.Link, new() { Name = "Besoins reçus : Clôturés" }).ClickAsync();
        await Assertions.Expect(page.Locator("#onglet-clotures")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("#besoins")).ToContainTextAsync("BOULANGERIE MARTIN");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins?onglet=clotures");

        // Two needs sent to her today, one 50 days ago that nobody answered.
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "MENUISERIE DUPONT", TimeSpan.FromHours(2));
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "GARAGE DU CENTRE", TimeSpan.FromHours(1), subject: "transformation-numerique");
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "ANCIENNE DEMANDE", TimeSpan.FromDays(50));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#onglet-expires .inbox-count")).ToHaveTextAsync("1");
        await page.Locator("#onglet-expires").ClickAsync();
        await Assertions.Expect(page.Locator("#onglet-expires")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("#besoins")).ToContainTextAsync("ANCIENNE DEMANDE");
        await Assertions.Expect(page.Locator("#expires-explication")).ToContainTextAsync("45 jours");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins?onglet=expires");

        await page.Locator("#onglet-reception").ClickAsync();
        await page.Locator("#q").FillAsync("GARAGE centre");
        await page.Locator("#sujet").SelectOptionAsync("transformation-numerique");
        await page.Locator("#du").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#onglet-reception .inbox-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#besoins h3")).ToHaveTextAsync(["GARAGE DU CENTRE"]);
        await Assertions.Expect(page.Locator("#sujet option:checked")).ToHaveTextAsync("Développer mon activité grâce au numérique (1)");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins?q=…&sujet=…&du=…");
        await Screenshot(page, "besoins-filtres.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Effacer les filtres" }).ClickAsync();
        await Assertions.Expect(page.Locator("#besoins h3")).ToHaveCountAsync(2);
        await page.Locator("label[for=tout-selectionner]").ClickAsync(); // DSFR draws the box on the label
        await Assertions.Expect(page.Locator("input[name=MatchIds]:checked")).ToHaveCountAsync(2);
        await page.Locator("#motif").FillAsync("Ces entreprises sont hors de mon territoire.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ce n’est pas pour moi" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("2 besoins refusés.");
        await Assertions.Expect(page.Locator("#onglet-refuses .inbox-count")).ToHaveTextAsync("2");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins (après un refus groupé)");
        Assert.That(consoleErrors, Is.Empty);
    }

    private Task<IBrowserContext> NewContextAsync() =>
        Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });

    private async Task WaitForMatchesAsync(Guid solicitationId)
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await connection.ExecuteScalarAsync<long>(
                   "select count(*) from matching.match m join matching.need n on n.id = m.need_id where n.solicitation_id = @solicitationId", new { solicitationId }) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the validated request was not routed: " + await App.UndeliveredEventsAsync());
            }

            await Task.Delay(50);
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
        }
    }
}
