using Dapper;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Npgsql;
using PdE.Host.Tests.Authorization;
using PdE.Host.Tests.Matching;
using Access = PdE.Host.Tests.Authorization.EveryEndpointAccessTests.Access;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 17: axe finds no violation on any page of the demo, read in Chromium by whoever reads it: a visitor the public
/// pages, the team its desk and back office, an advisor her inbox, a need and her antenne's needs. The pages are
/// those <see cref="EveryEndpointAccessTests"/> has a rule for, so that a new page is checked as soon as it has its rule.
/// </summary>
public sealed class EveryPageAccessibilityBrowserTests : BrowserTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task No_page_of_the_demo_has_an_accessibility_violation()
    {
        var pages = await EveryEndpointAccessTests.PagesAsync(App);
        var (needId, _) = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE DES ACCÈS", TimeSpan.FromHours(1));
        // A survey waiting for its answer (the requester's page), and an answer with a comment (the team's list and the need's page).
        var (surveyedNeedId, _) = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "BOULANGERIE SONDÉE", TimeSpan.FromDays(20));
        var surveyToken = await SatisfactionSurveys.SendAsync(App.Database.ConnectionString, surveyedNeedId);
        await SatisfactionSurveys.SendAsync(App.Database.ConnectionString, needId, answeredComment: "Très bon accueil,\nmerci.");
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            // The demo advisor also manages her antenne, so that she reads the managers' pages too.
            await connection.ExecuteAsync("""
                insert into directory.user_role (user_id, role, antenne_id)
                select u.id, 'antenne_manager', a.id from directory.user_account u, directory.antenne a
                where u.email = @AdvisorEmail and a.name = 'CCI Paris Île-de-France'
                """, new { MatrixRoles.AdvisorEmail });
        }

        await Stats.SampleExports.AddAsync(App.Database.ConnectionString);

        var readers = new (string Who, string? Email, string? Password, Access[] Reads, string[] More)[]
        {
            ("un visiteur", null, null, [Access.Public], [$"/satisfaction/{surveyToken}"]),
            ("l’équipe", "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026", [Access.Admin, Access.Agent],
                [$"/conseiller/besoins/{needId}", "/conseiller/avis?onglet=tous"]),
            ("une conseillère responsable de son antenne", MatrixRoles.AdvisorEmail, MatrixRoles.AdvisorPassword, [Access.Agent, Access.Manager],
                [$"/conseiller/besoins/{needId}"]),
        };

        var violations = new List<string>();
        var read = 0;
        var withCharts = 0;
        foreach (var (who, email, password, reads, more) in readers)
        {
            await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
            // axe reads each page as it first shows: a page waiting for work in the background (a routing page before its
            // proposal) would reload itself under axe, so reload-soon.js is told it has reloaded enough already.
            await context.AddInitScriptAsync("sessionStorage.setItem('reload-soon:' + location.pathname, '40')");
            var page = await context.NewPageAsync();
            if (email is not null)
            {
                await BrowserSession.SignInAsync(page, email, password!);
            }

            // Not the downloads (CSV exports): the browser saves them instead of showing a page.
            foreach (var path in pages.Where(p => reads.Contains(p.Access) && !p.Path.EndsWith(".csv", StringComparison.Ordinal) && !p.Path.EndsWith("/export", StringComparison.Ordinal))
                         .Select(p => p.Path).Concat(more))
            {
                var response = await page.GotoAsync(path);
                if (response is null || response.Status != 200 || !(await response.HeaderValueAsync("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
                {
                    continue;
                }

                read++;
                // The statistics' charts are drawn after the page loads: axe reads them drawn, with their data.
                if (await page.Locator("canvas[data-chart-for]").CountAsync() > 0)
                {
                    try
                    {
                        await page.WaitForFunctionAsync(
                            "() => [...document.querySelectorAll('canvas[data-chart-for]')].every(c => window.Chart && Chart.getChart(c))",
                            null, new() { Timeout = 30_000 });
                    }
                    catch (TimeoutException)
                    {
                        Assert.Fail($"the charts of {path} ({who}) were not all drawn within 30 s");
                    }

                    withCharts++;
                }

                // Not inside frames: the only ones are the e-mails' (admin pages), sandboxed without scripts, where axe cannot run
                // (it waited for them forever); and bounded, so that a page axe cannot finish names itself.
                AxeResult result;
                try
                {
                    result = await page.RunAxe(new AxeRunOptions { Iframes = false }).WaitAsync(TimeSpan.FromMinutes(1));
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"axe did not finish {path} ({who}) within a minute");
                    throw;
                }

                violations.AddRange(result.Violations.Select(v =>
                    $"{path} ({who}) {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})"));
            }
        }

        await TestContext.Out.WriteLineAsync($"{read} pages read by axe");
        Assert.That(read, Is.GreaterThan(40), "the pages of the demo were read");
        Assert.That(withCharts, Is.GreaterThanOrEqualTo(3), "the public, the team's and the managers' statistics were read with their charts drawn");
        Assert.That(violations, Is.Empty);
    }
}
