using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>The users import in Chromium: upload, preview, apply, result, with axe on each step.</summary>
public sealed class ImportUsersBrowserTests : BrowserTests
{
    [Test]
    public async Task An_admin_imports_users_from_the_institution_page_without_accessibility_violations()
    {
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync("/admin/annuaire/institutions/cci");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/connexion"));
        await BrowserSession.FillSignInFormAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");

        await page.GetByRole(AriaRole.Link, new() { Name = "Importer des conseillers" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Importer des conseillers");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "import page");

        var csv = "Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l’équipe;Nom de l’équipe;Téléphone de l’équipe;Vendre à l’international\n"
            + "CCI Paris Île-de-France;Hugo Lambert;hugo.lambert@cci.example.fr;06 11 22 33 44;Conseiller export;export.paris@cci.example.fr;Pôle export Paris;;x\n";
        await page.GetByLabel("Fichier des conseillers").SetInputFilesAsync(new FilePayload
        {
            Name = "conseillers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir ce que l’import fera" }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("1 conseiller créé");
        await Assertions.Expect(page.Locator("#import-preview")).ToContainTextAsync("Hugo Lambert");
        await Assertions.Expect(page.Locator("#import-teams")).ToContainTextAsync("Pôle export Paris");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Appliquer l’import" }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-result")).ToContainTextAsync("Import appliqué");
        await Assertions.Expect(page.Locator("#import-uninvited")).ToContainTextAsync("hugo.lambert@cci.example.fr");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "result");

        await page.GetByRole(AriaRole.Button, new() { Name = "Inviter cette personne" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("1 invitation envoyée.");
        Assert.That(consoleErrors, Is.Empty);
    }
}
