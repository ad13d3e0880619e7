using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>Sign-in and the back-office directory pages in a real browser, with axe accessibility checks.</summary>
public sealed class AgentPagesBrowserTests : BrowserTests
{
    private IBrowserContext context = null!;

    [SetUp]
    public async Task NewContextAsync() =>
        context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });

    [TearDown]
    public async Task CloseContextAsync() => await context.DisposeAsync();

    [Test]
    public async Task The_sign_in_page_has_no_accessibility_violation()
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/connexion");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/connexion");
    }

    [Test]
    public async Task An_admin_signs_in_and_browses_the_directory_without_accessibility_violations()
    {
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync("/admin/annuaire");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion"));
        await BrowserSession.FillSignInFormAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Annuaire des institutions");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/admin/annuaire");

        await page.GetByLabel("Rechercher une institution").FillAsync("metiers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Chambre de métiers et de l’artisanat (CMA)" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Chambre de métiers et de l’artisanat (CMA)");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "institution");

        await page.GetByRole(AriaRole.Link, new() { Name = "CMA Bretagne" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("CMA Bretagne");
        await Assertions.Expect(page.GetByText("Finistère (29) : tout le département")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "antenne");
        if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "antenne.png"), FullPage = true });
            await page.GotoAsync("/admin/annuaire");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "annuaire.png"), FullPage = true });
        }

        Assert.That(consoleErrors, Is.Empty);
    }

    [Test]
    public async Task An_admin_ticks_every_expert_of_an_antenne_gives_them_a_subject_and_edits_one_without_accessibility_violations()
    {
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        await page.GotoAsync("/admin/annuaire/institutions/cma");
        await page.GetByRole(AriaRole.Link, new() { Name = "CMA Bretagne" }).ClickAsync();

        // "Tout sélectionner" is the only script of the grid: it ticks every row of the page.
        await Screenshot(page, "grille.png");
        await page.GetByLabel("Tout sélectionner sur cette page").CheckAsync(new() { Force = true });
        var rows = await page.Locator("input[name=ExpertIds]").CountAsync();
        Assert.That(await page.Locator("input[name=ExpertIds]:checked").CountAsync(), Is.EqualTo(rows).And.GreaterThan(0));
        // A subject nobody in the grid has yet, so that every row changes.
        var gridText = await page.Locator("form#grille tbody").InnerTextAsync();
        var options = await page.Locator("#sujet-a-ajouter option").AllInnerTextsAsync();
        var subjectLabel = options.Skip(1).First(o => !gridText.Contains(o.Split(" › ")[1].Split(" – ")[0], StringComparison.Ordinal));
        await page.Locator("#sujet-a-ajouter").SelectOptionAsync(new SelectOptionValue { Label = subjectLabel });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le sujet" }).ClickAsync();

        await Assertions.Expect(page.Locator(".fr-alert--success")).ToContainTextAsync("Sujet « ");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "antenne après une action groupée");

        await page.Locator("form#grille tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Historique des modifications" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table").Last).ToContainTextAsync("Administrateur de démonstration");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "conseiller");

        await page.GetByRole(AriaRole.Link, new() { Name = "Modifier", Exact = true }).ClickAsync();
        await page.GetByLabel("Téléphone").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#input-phone-error")).ToHaveTextAsync("Indiquez un numéro de téléphone valide, par exemple 01 22 33 44 55.");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "modifier un conseiller (erreur)");
    }

    [Test]
    public async Task The_filter_and_territory_pages_have_no_accessibility_violation_even_with_errors()
    {
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");

        await page.GotoAsync("/admin/annuaire/institutions/cci/filtres");
        // DSFR draws the box over the input: click the label, as a person would.
        await page.Locator("label", new() { HasText = "Vendre à l’international" }).ClickAsync();
        await page.GetByLabel("Effectif minimum de l’établissement").SelectOptionAsync("50");
        await page.GetByLabel("Codes NAF exclus").FillAsync("99.99Z");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le filtre" }).ClickAsync();
        await Assertions.Expect(page.Locator("#input-excludednafcodes-error")).ToContainTextAsync("Code NAF inconnu");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "filtres (erreur)");
        await page.GetByLabel("Codes NAF exclus").FillAsync("47.11D");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le filtre" }).ClickAsync();
        await Assertions.Expect(page.Locator("#filtres tbody tr")).ToContainTextAsync("Vendre à l’international");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "filtres");
        await Screenshot(page, "filtres.png");

        await page.GotoAsync("/admin/territoires?q=bassin");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/admin/territoires");
        await Screenshot(page, "territoires.png");
        await page.GetByRole(AriaRole.Link, new() { Name = "Créer un bassin d’emploi" }).ClickAsync();
        await page.GetByLabel("Nom du territoire").FillAsync("Bassin test");
        await page.GetByLabel("Codes INSEE des communes").FillAsync("59512 99999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le territoire" }).ClickAsync();
        await Assertions.Expect(page.Locator("#input-communecodes-error")).ToContainTextAsync("« 99999 »");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "territoire (erreur)");

        await page.GotoAsync("/admin/territoires/departement-69/affecter");
        await page.GetByLabel("Antenne").SelectOptionAsync(new SelectOptionValue { Label = "Bpifrance – Bpifrance Lyon" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Affecter le territoire" }).ClickAsync();
        await Assertions.Expect(page.Locator("#affectation")).ToContainTextAsync("déjà couvertes");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "affecter");
        await Screenshot(page, "affecter.png");
    }

    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
        }
    }

    [Test]
    public async Task An_advisor_lands_on_their_inbox_and_has_a_home_without_accessibility_violations()
    {
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Besoins reçus");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins");
        await page.GotoAsync("/conseiller");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Camille Martin");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller");
    }
}
