using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>The public journey in a real browser, on a phone-sized screen, with axe accessibility checks.</summary>
public sealed class PublicPagesBrowserTests
{
    private PdEApplication app = null!;
    private BrowserSession browser = null!;
    private IBrowserContext context = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        app = await PdEApplication.StartAsync(kestrel: true);
        browser = await BrowserSession.LaunchAsync();
    }

    [SetUp]
    public async Task NewContextAsync() =>
        context = await browser.Browser.NewContextAsync(new() { BaseURL = app.KestrelAddress!.ToString(), ViewportSize = new() { Width = 375, Height = 812 }, Locale = "fr-FR" });

    [TearDown]
    public async Task CloseContextAsync() => await context.DisposeAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await app.DisposeAsync();
    }

    [Test]
    public async Task An_entrepreneur_files_a_request_from_the_home_page_on_a_phone()
    {
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer une demande" }).First.ClickAsync();
        await page.GetByLabel("Prénom et nom").FillAsync("Jeanne Martin");
        await page.GetByLabel("Adresse électronique").FillAsync("jeanne.martin@boulangerie-martin.fr");
        await page.GetByLabel("Téléphone").FillAsync("06 12 34 56 78");
        await page.GetByLabel("Numéro SIRET de votre établissement").FillAsync("732 829 320 00074");
        await page.GetByLabel("Description de votre besoin").FillAsync("Nous voulons recruter un apprenti boulanger à la rentrée.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("votre demande a bien été envoyée");
        Assert.That(consoleErrors, Is.Empty, "no script or Content-Security-Policy error in the console");
    }

    [TestCase("/")]
    [TestCase("/demande")]
    [TestCase("/stats")]
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
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--error")).ToBeVisibleAsync();
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/demande (erreurs)");
    }
}
