using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PdE.Host.Tests.PartnerApi;

namespace PdE.Host.Tests.Browser;

/// <summary>The partners' API keys page in Chromium: errors, creation (the secret shown once), use, revocation, with axe on each state.</summary>
public sealed class PartnerApiKeysBrowserTests : BrowserTests
{
    [Test]
    public async Task An_admin_creates_a_key_that_works_then_revokes_it_without_accessibility_violations()
    {
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync(PartnerApiClient.AdminPage);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/connexion"));
        await BrowserSession.FillSignInFormAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        await page.GotoAsync(PartnerApiClient.AdminPage);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Clés d’API des partenaires");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Aucune clé n’a encore été créée.");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "empty list");

        // The date comes proposed (a year); emptied, it is asked for.
        await page.GetByLabel("Valable jusqu’au").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la clé" }).ClickAsync();
        await Assertions.Expect(page.Locator("#input-institutionid-error")).ToHaveTextAsync("Choisissez l’institution partenaire à qui la clé est destinée.");
        await Assertions.Expect(page.Locator("#input-validuntil-error")).ToHaveTextAsync("Indiquez jusqu’à quelle date la clé est valable.");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "form errors");

        await page.GetByLabel("Institution partenaire").SelectOptionAsync(new SelectOptionValue { Label = "Chambre de commerce et d’industrie (CCI)" });
        await page.GetByLabel("Libellé").FillAsync("Formulaire du site de la CCI");
        await page.GetByLabel("Valable jusqu’au").FillAsync(DateTime.Today.AddMonths(6).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la clé" }).ClickAsync();

        await Assertions.Expect(page.Locator("#cle-creee h2")).ToHaveTextAsync("Clé créée pour Chambre de commerce et d’industrie (CCI)");
        var key = await page.Locator("#cle-creee code").TextContentAsync();
        Assert.That(key, Does.Match("^pde_[A-Za-z0-9_-]{43}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Formulaire du site de la CCI" })).ToContainTextAsync("Active");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "key created");

        using var api = new HttpClient { BaseAddress = App.KestrelAddress };
        await PartnerApiClient.CreatedIdAsync(await PartnerApiClient.PostAsync(api, key, PartnerApiClient.Body("navigateur@api-boulangerie.fr")));

        await page.GotoAsync(PartnerApiClient.AdminPage);
        await Assertions.Expect(page.Locator("#cle-creee")).ToHaveCountAsync(0);
        Assert.That(await page.ContentAsync(), Does.Not.Contain(key), "the secret is shown once");
        var row = page.GetByRole(AriaRole.Row, new() { Name = "Formulaire du site de la CCI" });
        await Assertions.Expect(row).Not.ToContainTextAsync("jamais");
        await row.GetByRole(AriaRole.Button, new() { Name = "Révoquer" }).ClickAsync();

        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("La clé a été révoquée : elle est refusée dès maintenant.");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Formulaire du site de la CCI" })).ToContainTextAsync("Révoquée");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "key revoked");
        Assert.That((await PartnerApiClient.PostAsync(api, key, PartnerApiClient.Body("navigateur@api-boulangerie.fr"))).StatusCode,
            Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(consoleErrors, Is.Empty);
    }
}
