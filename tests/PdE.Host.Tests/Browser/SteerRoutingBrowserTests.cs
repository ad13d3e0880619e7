using Dapper;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Steering routing in a real browser, on a wide screen and on a phone: the admin validates a request with « Valider et
/// orienter », waits on the routing page while the proposal is prepared, adds an expert found by a search, unticks another
/// and sends; the advisor opens the need from her inbox, writes on its discussion, takes it and closes it. No accessibility
/// violation on the routing page, the inbox and the need page, in each of their states.
/// </summary>
public sealed class SteerRoutingBrowserTests : BrowserTests
{
    private static readonly TimeSpan ProposalBound = TimeSpan.FromSeconds(30);

    [TestCase(1280)]
    [TestCase(375)]
    public async Task The_team_steers_a_request_and_the_advisor_answers_it_without_accessibility_violations(int width)
    {
        var company = $"FOURNIL DES {width} PIXELS";
        var requestId = await InsertRequestAsync(company);
        var consoleErrors = new List<string>();

        // The admin validates the request and steers it.
        string needId;
        await using (var adminContext = await NewContextAsync(width))
        {
            var admin = await adminContext.NewPageAsync();
            admin.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{admin.Url}: {message.Text}"); };
            await BrowserSession.SignInAsync(admin, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
            await admin.GotoAsync($"/conseiller/sollicitations/{requestId}");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Valider et orienter" }).ClickAsync();
            await admin.WaitForURLAsync($"**/conseiller/sollicitations/{requestId}/orientation");
            await WaitForProposalAsync(admin, requestId, consoleErrors);
            await Assertions.Expect(admin.Locator(".fr-alert--success")).ToHaveTextAsync("1 demande validée : choisissez ses conseillers puis transmettez-la.");
            var section = admin.Locator("section[id^=besoin-]");
            needId = (await section.GetAttributeAsync("id"))!["besoin-".Length..];
            await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(section.Locator("tbody")).ToContainTextAsync("Julie Moreau");
            await Assertions.Expect(section.Locator("tbody")).ToContainTextAsync("Marie Lefebvre");
            BrowserSession.AssertNoViolations(await admin.RunAxe(), $"/conseiller/sollicitations/{{id}}/orientation (proposition) at {width} px");
            await Screenshot(admin, $"orientation-proposition-{width}.png");

            // Marie unticked first: she stays unticked while the page reloads for a search and an addition.
            var marie = admin.GetByLabel("Envoyer à Marie Lefebvre");
            await Assertions.Expect(marie).ToBeCheckedAsync();
            // The box a user clicks is the label's ::before, drawn by DSFR over the transparent input (the label's text is for
            // screen readers only): Playwright sees the label intercept the click, which is what toggles the box.
            await marie.ClickAsync(new() { Force = true });
            await Assertions.Expect(marie).Not.ToBeCheckedAsync();

            // Camille, found by a search that ignores accents and case, joins the proposal.
            await admin.GetByLabel("Ajouter un conseiller").FillAsync("CAMILLÉ cci");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Chercher" }).ClickAsync();
            await Assertions.Expect(admin.Locator($"#resultats-{needId} li")).ToHaveCountAsync(1);
            await Assertions.Expect(marie).Not.ToBeCheckedAsync();
            BrowserSession.AssertNoViolations(await admin.RunAxe(), $"/conseiller/sollicitations/{{id}}/orientation?besoin=…&q=… (résultats) at {width} px");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Ajouter Camille Martin" }).ClickAsync();
            await Assertions.Expect(admin.Locator(".fr-alert--success")).ToContainTextAsync("a été ajouté à la proposition : transmettez pour lui envoyer le besoin.");
            await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(3);
            await Assertions.Expect(marie).Not.ToBeCheckedAsync();
            await Assertions.Expect(admin.GetByLabel("Envoyer à Camille Martin")).ToBeCheckedAsync();

            // « Transmettre »: Julie and Camille get the need.
            await admin.GetByRole(AriaRole.Button, new() { Name = "Transmettre aux conseillers cochés" }).ClickAsync();
            await Assertions.Expect(admin.Locator(".fr-alert--success")).ToHaveTextAsync("Demande transmise à 2 conseillers, prévenus par e-mail.");
            await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(2);
            await Assertions.Expect(section.Locator("tbody")).Not.ToContainTextAsync("Marie Lefebvre");
            await Assertions.Expect(section.Locator("tbody tr td:first-child")).ToContainTextAsync(["Envoyé le", "Envoyé le"]);
            BrowserSession.AssertNoViolations(await admin.RunAxe(), $"/conseiller/sollicitations/{{id}}/orientation (transmis) at {width} px");
            await Screenshot(admin, $"orientation-transmis-{width}.png");
        }

        // Camille opens it from her inbox, writes, takes it and closes it.
        await using var context = await NewContextAsync(width);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add($"{page.Url}: {message.Text}"); };
        await BrowserSession.SignInAsync(page, "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        await page.GotoAsync("/conseiller/besoins");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Besoins reçus");
        var link = page.Locator($"#besoins a[href='/conseiller/besoins/{needId}']");
        await Assertions.Expect(link).ToHaveTextAsync(company);
        BrowserSession.AssertNoViolations(await page.RunAxe(), $"/conseiller/besoins at {width} px");
        await Screenshot(page, $"besoins-{width}.png");

        await link.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Besoin de {company}");
        BrowserSession.AssertNoViolations(await page.RunAxe(), $"/conseiller/besoins/{{id}} (à prendre) at {width} px");

        await page.GetByLabel("Écrire aux participants").FillAsync("Julie, je m’occupe du volet export ; pouvez-vous voir le financement du four ?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Message publié et envoyé par e-mail à 1 participant.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je prends en charge" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Vous avez pris ce besoin en charge : à vous d’appeler l’entreprise.");
        BrowserSession.AssertNoViolations(await page.RunAxe(), $"/conseiller/besoins/{{id}} (en cours) at {width} px");
        await page.GetByLabel("Commentaire de clôture (facultatif)").FillAsync("Rendez-vous pris avec Bpifrance pour le prêt.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clôturer : aide proposée" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Besoin clôturé : aide proposée.");
        await Assertions.Expect(page.Locator("#historique > li")).ToHaveCountAsync(4);
        BrowserSession.AssertNoViolations(await page.RunAxe(), $"/conseiller/besoins/{{id}} (clôturé) at {width} px");
        await Screenshot(page, $"besoin-{width}.png");

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QueryAsync<string>(
                "select expert_name || ': ' || status from matching.match where need_id = @needId order by expert_name", new { needId = Guid.Parse(needId) }),
            Is.EqualTo(new[] { "Camille Martin: done", "Julie Moreau: quo" }));
        Assert.That(consoleErrors, Is.Empty);
    }

    /// <summary>
    /// Waits, at most <see cref="ProposalBound"/>, for the routing page to show the proposal: it says it is being prepared
    /// and reloads itself until Matching has routed the validated request. The test does not reload: the page must.
    /// </summary>
    private async Task WaitForProposalAsync(IPage page, Guid requestId, List<string> consoleErrors)
    {
        try
        {
            await page.Locator("section[id^=besoin-]").WaitForAsync(new() { Timeout = (float)ProposalBound.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
            var needs = await connection.ExecuteScalarAsync<long>("select count(*) from matching.need where solicitation_id = @requestId", new { requestId });
            Assert.Fail($"waited {ProposalBound.TotalSeconds} s for the routing page to show the proposal (a section per need) in place of « en préparation »: "
                + $"{needs} need(s) routed in the database; page still shows #en-preparation: {await page.Locator("#en-preparation").CountAsync() > 0}; "
                + $"console errors: [{string.Join("; ", consoleErrors)}]; events: {await App.UndeliveredEventsAsync()}");
        }
    }

    private Task<IBrowserContext> NewContextAsync(int width) => Chromium.Browser.NewContextAsync(new()
    {
        BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = width, Height = 800 },
    });

    /// <summary>A request about financing a project, waiting on the desk: routing proposes Julie Moreau (Bpifrance) and Marie Lefebvre (Région).</summary>
    private async Task<Guid> InsertRequestAsync(string company)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation
                (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
            values (@id, 'Jeanne Martin', @email, '0612345678', '73282932000074', 'financer-projet', 'Nous voulons financer un nouveau four et vendre en Belgique.',
                    'received', clock_timestamp(), '75111', @company, '10.71C')
            """, new { id, company, email = $"jeanne.{id:N}@boulangerie-martin.fr" });
        return id;
    }

    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
        }
    }
}
