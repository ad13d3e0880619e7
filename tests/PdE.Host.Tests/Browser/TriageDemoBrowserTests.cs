using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// The triage desk of the embedded default's demo requests in a real browser: the flags, a comment template inserted by
/// script, and a request set aside released into the received ones, with no accessibility violation on the way.
/// </summary>
public sealed class TriageDemoBrowserTests : BrowserTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task An_admin_reads_the_flags_inserts_a_comment_template_and_releases_a_request_set_aside()
    {
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");

        await page.GotoAsync("/conseiller/sollicitations");
        var freelancer = page.Locator(".solicitation-card", new() { HasText = "Claire Fontaine" });
        await Assertions.Expect(freelancer.Locator(".registers-flag")).ToHaveTextAsync("Ni RCS ni RM");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations (demo)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "triage-demo.png"), FullPage = true });

        await freelancer.GetByRole(AriaRole.Link, new() { Name = "Développer mon activité grâce au numérique" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Demande de Claire Fontaine");
        await Assertions.Expect(page.Locator(".solicitation-facts")).ToContainTextAsync("RCS : non inscrite · RM : non inscrite");
        await page.GetByLabel("Modèle de commentaire").SelectOptionAsync(new SelectOptionValue { Label = "Entreprise vérifiée (ni RCS ni RM)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Insérer le modèle" }).ClickAsync();
        await Assertions.Expect(page.Locator("#commentaire")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Ni au RCS ni au RM : activité vérifiée"));
        await page.Locator("#commentaire").PressSequentiallyAsync(" Graphiste en micro-entreprise.");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations/{id} (demo)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le commentaire" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("Commentaire ajouté.");
        await page.Locator(".solicitation-card summary", new() { HasText = "Historique" }).ClickAsync();
        await Assertions.Expect(page.Locator(".solicitation-timeline li").Last).ToContainTextAsync("Graphiste en micro-entreprise.");

        await page.GotoAsync("/conseiller/sollicitations?onglet=mises-de-cote");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations?onglet=mises-de-cote");
        await page.Locator(".solicitation-card", new() { HasText = "Kevin Durand" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remettre dans les reçues" }).ClickAsync();
        await Assertions.Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("1 demande remise dans les reçues.");
        await Assertions.Expect(page.Locator("p .fr-badge").First).ToHaveTextAsync("Reçue");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/sollicitations/{id} (released)");
        Assert.That(consoleErrors, Is.Empty);
    }
}
