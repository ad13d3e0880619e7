using Dapper;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;

namespace PdE.Host.Tests.Browser;

/// <summary>The triage desk in a real browser: no accessibility violation, select-all and a mass validation.</summary>
public sealed class TriageDeskBrowserTests : BrowserTests
{
    [Test]
    public async Task An_admin_ticks_all_received_requests_and_validates_them_without_accessibility_violations()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            foreach (var (name, email) in new[] { ("Hélène Bérénice", "helene@creche.fr"), ("Jeanne Martin", "jeanne@boulangerie-martin.fr") })
            {
                await connection.ExecuteAsync("""
                    insert into solicitations.solicitation
                        (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
                    values (gen_random_uuid(), @name, @email, '0612345678', '73282932000074', 'autre-demande', 'Nous cherchons un financement pour un nouvel atelier.',
                            'received', clock_timestamp(), '75111', 'BOULANGERIE MARTIN', '10.71C')
                    """, new { name, email });
            }
        }

        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync("/conseiller/sollicitations");
        await BrowserSession.FillSignInFormAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        await page.GotoAsync("/conseiller/sollicitations");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sollicitations");
        await Assertions.Expect(page.Locator(".solicitation-card")).ToHaveCountAsync(2);
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations");

        await page.Locator("label[for=tout-selectionner]").ClickAsync(); // DSFR draws the box on the label
        await Assertions.Expect(page.Locator("input[name=SolicitationIds]:checked")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider et transmettre" }).ClickAsync();

        await Assertions.Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("2 demandes validées et transmises aux conseillers.");
        await Assertions.Expect(page.Locator("#onglet-mises-en-relation .triage-count")).ToHaveTextAsync("2");
        await page.Locator("#onglet-mises-en-relation").ClickAsync();
        await Assertions.Expect(page.Locator(".solicitation-card")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Autre demande" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Demande de "));
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations/{id}");
        Assert.That(consoleErrors, Is.Empty);
    }
}
