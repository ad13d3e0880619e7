using Dapper;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Browser;

/// <summary>The need page with its timeline, discussion and the company's other needs, in a real browser: no accessibility violation.</summary>
public sealed class NeedDiscussionBrowserTests : BrowserTests
{
    [Test]
    public async Task The_advisor_writes_on_the_discussion_and_closes_with_a_comment_without_accessibility_violations()
    {
        var needId = Guid.CreateVersion7();
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, description, status, created_at)
                values (@needId, gen_random_uuid(), 'export', '73282932000074', 'BOULANGERIE MARTIN', '75111', 'Nous voulons vendre en Belgique.', 'quo', now());

                insert into matching.match (id, need_id, expert_id, expert_name, expert_email, antenne_name, institution_name, created_at, sent_at)
                select gen_random_uuid(), @needId, e.id, e.full_name, e.email, a.name, i.name, now(), now()
                from directory.expert e join directory.antenne a on a.id = e.antenne_id join directory.institution i on i.id = a.institution_id
                where e.full_name in ('Camille Martin', 'Thomas Nguyen') and e.deleted_at is null;
                """, new { needId });
        }

        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE MARTIN", TimeSpan.FromDays(40), subject: "recruter");
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await BrowserSession.SignInAsync(page, "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        await page.GotoAsync($"/conseiller/besoins/{needId}");

        await page.GetByLabel("Écrire aux participants").FillAsync("Thomas, je m’occupe du volet export.\nPouvez-vous voir la partie financement ?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Message publié et envoyé par e-mail à 1 participant.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Je prends en charge" }).ClickAsync();
        await page.GetByLabel("Commentaire de clôture (facultatif)").FillAsync("Mise en relation avec Team France Export.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clôturer : aide proposée" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Besoin clôturé : aide proposée.");
        await Assertions.Expect(page.Locator("#historique > li")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#autres-besoins")).ToContainTextAsync("Recruter un ou plusieurs salariés");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins/{id} (discussion, clôturé avec un commentaire)");
        if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "besoin-discussion.png"), FullPage = true });
        }

        // A refused message (too long) says why beside the field, without violations either.
        await page.EvaluateAsync("document.getElementById('message').removeAttribute('maxlength')");
        await page.GetByLabel("Écrire aux participants").FillAsync(new string('a', 5001));
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Assertions.Expect(page.Locator("#message-erreur")).ToContainTextAsync("raccourcissez-le");
        BrowserSession.AssertNoViolations(await page.RunAxe(), "/conseiller/besoins/{id} (message refusé)");
    }
}
