using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>The public journey in a real browser, on a phone-sized screen, with axe accessibility checks.</summary>
public sealed class PublicPagesBrowserTests : BrowserTests
{
    private IBrowserContext context = null!;

    [SetUp]
    public async Task NewContextAsync() =>
        context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), ViewportSize = new() { Width = 375, Height = 812 }, Locale = "fr-FR" });

    [TearDown]
    public async Task CloseContextAsync() => await context.DisposeAsync();

    [Test]
    public async Task An_entrepreneur_files_a_request_from_the_home_page_on_a_phone_through_the_three_steps()
    {
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync("/");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Financement et trésorerie" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Financement et trésorerie");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "thème");
        await page.GetByRole(AriaRole.Link, new() { Name = "Financer un projet ou un investissement" }).ClickAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "sujet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer ma demande" }).ClickAsync();

        // Step 1
        BrowserSession.AssertNoViolations(await page.RunAxe(), "étape 1");
        await page.GetByLabel("Prénom et nom").FillAsync("Jeanne Martin");
        await page.GetByLabel("Adresse électronique").FillAsync("jeanne.martin@boulangerie-martin.fr");
        await page.GetByLabel("Téléphone").FillAsync("06 12 34 56 78");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Step 2: search, then pick the establishment
        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Votre entreprise");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "étape 2");
        await page.GetByLabel("Nom, SIREN ou SIRET de votre entreprise").FillAsync("boulangerie martin");
        // The autocomplete (progressive enhancement) fills its suggestion list from /demande/entreprises.
        await Assertions.Expect(page.Locator("#recherche-suggestions option[value='73282932000074']")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await page.Locator("label[for='input-siret']").ClickAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "étape 2 (résultats)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        // Step 3: the prompt must be completed, the questions answered
        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Votre besoin");
        await Assertions.Expect(page.GetByLabel("Description de votre besoin")).ToHaveValueAsync("Mon projet consiste à…");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "étape 3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--error")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "étape 3 (erreurs)");
        await page.GetByLabel("Description de votre besoin").FillAsync("Mon projet consiste à acheter un nouveau four pour doubler la production.");
        await page.Locator("label[for='input-answers-0']").ClickAsync();
        await page.Locator("label[for='input-answers-1-non']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("votre demande a bien été envoyée");
        await Assertions.Expect(page.GetByText("Bpifrance", new() { Exact = true })).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "merci");
        Assert.That(consoleErrors, Is.Empty, "no script or Content-Security-Policy error in the console");
    }

    // The public pages as they are linked are read by EveryPageAccessibilityBrowserTests; here, what it does not read.
    [TestCase("/aide-entreprises/cci-numerique?iframe=1")]
    [TestCase("/page-inconnue")]
    public async Task A_public_page_has_no_accessibility_violation(string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        BrowserSession.AssertNoViolations(await page.RunAxe(), path);
    }

    [Test]
    public async Task The_request_form_with_errors_has_no_accessibility_violation()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/demande");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--error")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/demande (erreurs)");
    }

    [Test]
    public async Task A_project_without_company_gives_its_commune_with_no_accessibility_violation()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sujets/reprendre/demande");
        await page.GetByLabel("Prénom et nom").FillAsync("Karim Benali");
        await page.GetByLabel("Adresse électronique").FillAsync("karim.benali@example.fr");
        await page.GetByLabel("Téléphone").FillAsync("07 12 34 56 78");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByLabel("Code postal de la commune").FillAsync("99999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--error")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "étape 2 projet (erreurs)");
    }
}
