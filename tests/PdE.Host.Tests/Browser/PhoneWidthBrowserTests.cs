using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 17: every page of the demo reads on a phone (375 px wide): nothing wider than the screen, so no page scrolls
/// sideways, whether a visitor or the team reads it; the desk's filters wait behind one button, open when one is in use.
/// </summary>
public sealed class PhoneWidthBrowserTests : BrowserTests
{
    // The embedded default's demo requests, so that the desk and a request's page have something to show.
    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task No_page_of_the_demo_scrolls_sideways_at_375_px()
    {
        // A need closed with help whose requester has a survey to answer, and one already answered: the survey, the answers.
        var (surveyedNeedId, _) = await Matching.InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE SONDÉE", TimeSpan.FromDays(20));
        var surveyToken = await Matching.SatisfactionSurveys.SendAsync(App.Database.ConnectionString, surveyedNeedId);
        var (answeredNeedId, _) = await Matching.InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE RÉPONDUE", TimeSpan.FromDays(20));
        await Matching.SatisfactionSurveys.SendAsync(App.Database.ConnectionString, answeredNeedId, answeredComment: "Une conseillère très à l’écoute, qui m’a orientée vers le bon financement.");
        string[] publicPages = ["/", "/comment-ca-marche", "/stats", "/connexion", "/sujets/financer-projet/demande", $"/satisfaction/{surveyToken}"];
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var (institution, antenne, expert, request) = await connection.QuerySingleAsync<(string, Guid, Guid, Guid)>("""
            select (select i.slug from directory.institution i join directory.antenne a on a.institution_id = i.id where a.name = 'CCI Paris Île-de-France'),
                   (select id from directory.antenne where name = 'CCI Paris Île-de-France'),
                   (select id from directory.expert where full_name = 'Camille Martin'),
                   (select id from solicitations.solicitation where status <> 'draft' order by submitted_at limit 1)
            """);
        string[] teamPages =
        [
            "/conseiller", "/conseiller/sollicitations", "/conseiller/sollicitations?onglet=mises-de-cote", $"/conseiller/sollicitations/{request}",
            "/conseiller/besoins", "/admin/annuaire", $"/admin/annuaire/institutions/{institution}", $"/admin/annuaire/antennes/{antenne}",
            $"/admin/annuaire/experts/{expert}", "/admin/comptes", "/admin/comptes/inviter", "/admin/territoires", "/admin/liste-de-blocage",
            "/admin/cles-api", "/admin/e-mails", "/admin/e-mails/modeles/MatchCreated", "/admin/taches", "/conseiller/relances",
            "/conseiller/avis?onglet=tous", $"/conseiller/besoins/{answeredNeedId}", "/conseiller/statistiques/equipe",
            "/conseiller/exports",
        ];
        await Stats.SampleExports.AddAsync(App.Database.ConnectionString);
        // A need waiting twelve days for Camille: the reminders desk has a row to lay out.
        await Matching.InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE EN ATTENTE", TimeSpan.FromDays(12));
        // Those needs were written without events: the statistics count them from the modules' history, and have rows to lay out.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(new PdE.Stats.Contracts.RebuildStatsProjections());
        }

        await using var context = await Chromium.Browser.NewContextAsync(new()
        {
            BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR", ViewportSize = new() { Width = 375, Height = 812 },
        });
        var page = await context.NewPageAsync();
        var tooWide = new List<string>();
        async Task ReadAsync(string path)
        {
            var response = await page.GotoAsync(path);
            Assert.That(response?.Status, Is.EqualTo(200), path);
            if (Environment.GetEnvironmentVariable("PDE_SCREENSHOTS") is { } folder)
            {
                var name = "375" + System.Text.RegularExpressions.Regex.Replace(path, "[^a-z0-9]+", "-") + ".png";
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name), FullPage = true });
                if (await page.Locator("main .fr-table").CountAsync() > 0)
                {
                    await page.Locator("main .fr-table").First.ScreenshotAsync(new() { Path = Path.Combine(folder, "table-" + name) });
                }
            }

            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
            {
                var widest = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''))
                        .slice(0, 3).join(', ')
                    """);
                tooWide.Add($"{path}: {widths[0]} px for a {widths[1]} px screen ({widest})");
            }

            // A table cell narrower than its longest word breaks that word across lines (« Sujets » one letter wide).
            var squeezed = await page.EvaluateAsync<string[]>("""
                () => {
                    const ruler = document.createElement('span');
                    ruler.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
                    document.body.appendChild(ruler);
                    const found = [];
                    for (const cell of document.querySelectorAll('main th, main td')) {
                        const style = getComputedStyle(cell);
                        const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                        // The words a reader sees (not those said to screen readers only), each in its own font, and each
                        // part of a hyphenated word on its own, as a line may end after a hyphen.
                        const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                        for (let text = texts.nextNode(); text; text = texts.nextNode()) {
                            if (text.parentElement.closest('.fr-sr-only')) continue;
                            ruler.style.font = getComputedStyle(text.parentElement).font;
                            for (const word of text.textContent.split(/\s+|(?<=-)/).filter(w => w.length > 0)) {
                                ruler.textContent = word;
                                if (ruler.getBoundingClientRect().width > room + 1) found.push(`« ${word} » in ${Math.round(room)} px`);
                            }
                        }
                    }
                    ruler.remove();
                    return found.slice(0, 3);
                }
                """);
            if (squeezed.Length > 0)
            {
                tooWide.Add($"{path}: table cells narrower than their words: {string.Join(", ", squeezed)}");
            }
        }

        foreach (var path in publicPages)
        {
            await ReadAsync(path);
        }

        await BrowserSession.SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026");
        foreach (var path in teamPages)
        {
            await ReadAsync(path);
        }

        Assert.That(tooWide, Is.Empty);

        // The desk's filters besides the search wait behind one button on a phone.
        await page.GotoAsync("/conseiller/sollicitations");
        await Assertions.Expect(page.GetByLabel("Sujet")).Not.ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "triage-375.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtres" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Sujet")).ToBeVisibleAsync();
        await page.GotoAsync("/conseiller/sollicitations?signal=doublon");
        await Assertions.Expect(page.GetByLabel("Sujet")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }
}
