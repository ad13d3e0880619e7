using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using MimeKit;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// The public site's "done when", as a new user lives it on a phone (375×812, French): from the home page to the thank-you
/// page with the company registry up and again with it down; the confirmation e-mail carries a follow-up link that works;
/// the team validates the request and the follow-up page changes. The registry is a WireMock server on loopback that
/// answers like <i>Recherche d'entreprises</i>; every page visited is checked with axe.
/// </summary>
public sealed class IntakeAcceptanceBrowserTests
{
    private const string AdminEmail = "admin@place-des-entreprises.example.fr";
    private const string AdminPassword = "demo-admin-pde-2026";

    private WireMockServer registry = null!;
    private PdEApplication app = null!;
    private BrowserSession browser = null!;
    private IBrowserContext phone = null!;
    private List<string> consoleErrors = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        registry = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        app = await PdEApplication.StartAsync(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["CompanyRegistry:Mode"] = "online",
            ["CompanyRegistry:BaseUrl"] = registry.Url,
            ["CompanyRegistry:MaxRetries"] = "1",
            ["CompanyRegistry:RetryDelay"] = "00:00:00.010",
            ["CompanyRegistry:AttemptTimeout"] = "00:00:10",
            ["CompanyRegistry:TotalTimeout"] = "00:00:20",
            // Each journey stands alone: the failures of the "down" journey must not open the circuit for the other one.
            ["CompanyRegistry:CircuitBreakerMinimumThroughput"] = "1000",
        });
        browser = await BrowserSession.LaunchAsync();
    }

    [SetUp]
    public async Task NewPhoneAsync()
    {
        registry.Reset();
        phone = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = app.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = 375, Height = 812 },
        });
        consoleErrors = [];
    }

    [TearDown]
    public async Task ClosePhoneAsync() => await phone.DisposeAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await browser.DisposeAsync();
        await app.DisposeAsync();
        registry.Stop();
        registry.Dispose();
    }

    [Test]
    public async Task With_the_registry_up_a_request_filed_on_a_phone_is_confirmed_by_email_and_its_follow_up_page_changes_once_the_team_validates_it()
    {
        // The registry knows the company by its name and the chosen establishment by its SIRET (Paris 11e, in the demo
        // directory); anything else the autocomplete asks finds nothing, as the real API would.
        registry.Given(Request.Create().WithPath("/search").UsingGet()).AtPriority(100).RespondWith(Registry("search-empty.json"));
        registry.Given(Search("boulangerie des lilas")).AtPriority(1).RespondWith(Registry("search-by-name.json"));
        registry.Given(Search("52183746800029")).AtPriority(1).RespondWith(Registry("search-by-siret.json"));
        const string requester = "lucie.lilas@boulangerie-des-lilas.fr";
        var page = await NewPhonePageAsync();

        await FillContactStepAsync(page, "Lucie Lilas", requester);

        await page.GetByLabel("Nom, SIREN ou SIRET de votre entreprise").FillAsync("boulangerie des lilas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Choisissez votre établissement (3 résultats)" })).ToBeVisibleAsync();
        await AxeAsync(page, "étape 2 (résultats du répertoire)");
        await page.Locator("label", new() { HasText = "SIRET 52183746800029" }).ClickAsync();
        await Assertions.Expect(page.Locator("input[name='Input.Siret'][value='52183746800029']")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await FillNeedStepAsync(page);
        await Assertions.Expect(page.GetByText("Bpifrance", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Région Île-de-France", new() { Exact = true })).ToBeVisibleAsync();
        Assert.That(registry.LogEntries.Select(e => e.RequestMessage.Query!["q"].Single()), Is.SupersetOf(new[] { "boulangerie des lilas", "52183746800029" }),
            "the host asked the registry stub, not its offline demo companies");

        var followUp = await FollowUpPathAsync(requester);
        await page.GotoAsync(followUp);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Suivi de votre demande");
        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Reçue");
        await Assertions.Expect(page.GetByText("Votre demande a bien été reçue.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("pour BOULANGERIE DES LILAS");
        await AxeAsync(page, "suivi (reçue)");

        await ValidateOnTheTriageDeskAsync("Lucie Lilas");

        // The follow-up page learns of the routing through the outbox: the requester reloads until it shows.
        await ReloadUntilAsync(page, page.Locator(".fr-stepper__title"), "Transmise aux conseillers");
        await Assertions.Expect(page.Locator(".fr-alert--success .fr-alert__title")).ToContainTextAsync(new Regex("^Transmise le .+ à 2 conseillers$"));
        await Assertions.Expect(page.Locator("#partenaires li")).ToHaveTextAsync(["Bpifrance", "Région Île-de-France"]);
        await AxeAsync(page, "suivi (transmise)");
        Assert.That(consoleErrors, Is.Empty, "no script or Content-Security-Policy error in the console");
    }

    [Test]
    public async Task With_the_registry_down_a_request_filed_on_a_phone_with_a_siret_alone_is_accepted_and_confirmed_by_email()
    {
        registry.Given(Request.Create().WithPath("/search").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("Internal Server Error"));
        const string requester = "jeanne.martin@boulangerie-martin.fr";
        var page = await NewPhonePageAsync();

        await FillContactStepAsync(page, "Jeanne Martin", requester);

        await page.GetByLabel("Nom, SIREN ou SIRET de votre entreprise").FillAsync("732 829 320 00074");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--warning .fr-alert__title")).ToHaveTextAsync("Le répertoire des entreprises ne répond pas pour le moment");
        await Assertions.Expect(page.GetByLabel("Numéro SIRET de votre établissement")).ToHaveValueAsync("73282932000074");
        await AxeAsync(page, "étape 2 (répertoire en panne)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await FillNeedStepAsync(page);
        Assert.That(registry.LogEntries.Where(e => e.RequestMessage.Query!["q"].Single() == "73282932000074").Select(e => e.ResponseMessage.StatusCode),
            Is.Not.Empty.And.All.EqualTo(500), "the host did ask the registry, which failed");

        var followUp = await FollowUpPathAsync(requester);
        await page.GotoAsync(followUp);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Suivi de votre demande");
        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Reçue");
        await Assertions.Expect(page.GetByText("Votre demande a bien été reçue.")).ToBeVisibleAsync();
        await AxeAsync(page, "suivi (mode dégradé)");
        Assert.That(consoleErrors, Is.Empty, "no script or Content-Security-Policy error in the console");
    }

    /// <summary>Home → theme → subject → "Déposer ma demande" → step 1, ending on step 2.</summary>
    private async Task FillContactStepAsync(IPage page, string fullName, string email)
    {
        await page.GotoAsync("/");
        await AxeAsync(page, "accueil");
        await page.GetByRole(AriaRole.Link, new() { Name = "Financement et trésorerie" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Financement et trésorerie");
        await AxeAsync(page, "thème");
        await page.GetByRole(AriaRole.Link, new() { Name = "Financer un projet ou un investissement" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Déposer ma demande" })).ToBeVisibleAsync();
        await AxeAsync(page, "sujet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déposer ma demande" }).ClickAsync();

        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Vos coordonnées");
        await AxeAsync(page, "étape 1");
        await page.GetByLabel("Prénom et nom").FillAsync(fullName);
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Téléphone").FillAsync("06 12 34 56 78");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();

        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Votre entreprise");
        await AxeAsync(page, "étape 2");
    }

    /// <summary>Step 3: the description and the subject's two questions, ending on the thank-you page.</summary>
    private async Task FillNeedStepAsync(IPage page)
    {
        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Votre besoin");
        await AxeAsync(page, "étape 3");
        await page.GetByLabel("Description de votre besoin").FillAsync("Mon projet consiste à acheter un nouveau four pour doubler la production.");
        await page.Locator("label[for='input-answers-0']").ClickAsync();
        await page.Locator("label[for='input-answers-1-non']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("votre demande a bien été envoyée");
        await AxeAsync(page, "merci");
    }

    /// <summary>The path of the follow-up link in the confirmation e-mail sent to <paramref name="requester"/>.</summary>
    private async Task<string> FollowUpPathAsync(string requester)
    {
        MimeMessage confirmation = await app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == requester));
        Assert.That(confirmation.Subject, Is.EqualTo("Votre demande à Place des Entreprises a bien été reçue"));
        var link = Regex.Match(confirmation.TextBody!, @"https?://\S+/suivi/[A-Za-z0-9_-]{43}");
        Assert.That(link.Success, Is.True, $"a follow-up link in the e-mail:\n{confirmation.TextBody}");
        Assert.That(confirmation.HtmlBody, Does.Contain(link.Value), "the HTML part carries the same link");
        return new Uri(link.Value).AbsolutePath;
    }

    /// <summary>The demo admin signs in on a computer and validates the request of <paramref name="fullName"/> alone.</summary>
    private async Task ValidateOnTheTriageDeskAsync(string fullName)
    {
        await using var desk = await browser.Browser.NewContextAsync(new() { BaseURL = app.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await desk.NewPageAsync();
        await page.GotoAsync("/conseiller/sollicitations");
        await AxeAsync(page, "connexion");
        await BrowserSession.FillSignInFormAsync(page, AdminEmail, AdminPassword);
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/connexion"));
        await page.GotoAsync("/conseiller/sollicitations");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sollicitations");
        await AxeAsync(page, "/conseiller/sollicitations");
        var card = page.Locator(".solicitation-card", new() { HasText = fullName });
        await card.Locator("label.fr-label").ClickAsync(); // DSFR draws the box on the label
        await Assertions.Expect(card.Locator("input[name=SolicitationIds]")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Valider et transmettre" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("1 demande validée et transmise aux conseillers.");
    }

    private static async Task ReloadUntilAsync(IPage page, ILocator locator, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await locator.TextContentAsync() ?? "").Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await page.ReloadAsync();
        }

        await Assertions.Expect(locator).ToContainTextAsync(expected, new() { Timeout = 1000 });
    }

    private async Task<IPage> NewPhonePageAsync()
    {
        var page = await phone.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        return page;
    }

    private static async Task AxeAsync(IPage page, string name) => BrowserSession.AssertNoViolations(await page.RunAxe(), name);

    private static IRequestBuilder Search(string q) =>
        Request.Create().WithPath("/search").WithParam("q", new ExactMatcher(q)).UsingGet();

    /// <summary>A saved answer of the real API (shared with the registry client's own tests).</summary>
    private static IResponseBuilder Registry(string file) => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json")
        .WithBody(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Browser", "RegistryResponses", file)));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
