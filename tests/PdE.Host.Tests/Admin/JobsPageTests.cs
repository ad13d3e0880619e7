using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>Issue 13 item 3, the admins' view: every scheduled job with its next run and its last runs, outcome and counts.</summary>
public sealed class JobsPageTests : SiteTests
{
    [Test]
    public async Task Admins_see_each_job_its_next_run_and_how_its_last_runs_went()
    {
        var admin = await App.SignedInClientAsync();
        var page = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/taches"));
        var labels = page.QuerySelectorAll("section h2").Select(h => h.TextContent).ToList();
        Assert.That(labels, Does.Contain("Dire aux entreprises qu’un conseiller a répondu (une minute après sa réponse, si elle tient)")
            .And.Contain("Vérifier l’inscription des entreprises au RCS et au RM"));
        Assert.That(page.QuerySelector("#tache-send-company-notices")!.TextContent, Does.Contain("Prochaine exécution : "));

        // « Lancer maintenant »: the run is recorded with what the job says it did.
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var before = await connection.ExecuteScalarAsync<long>("select count(*) from quartz.job_run where job = 'send-company-notices'");
        var run = page.QuerySelector<IHtmlFormElement>("#tache-send-company-notices form")!;
        var asked = await admin.PostAsync(run.GetAttribute("action"), new FormUrlEncodedContent(
            run.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value)));
        Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PdEApplication.ParseAsync(await admin.GetAsync("/admin/taches"))).QuerySelector("[role=status]")!.TextContent,
            Does.StartWith("Tâche « Dire aux entreprises qu’un conseiller a répondu"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await connection.ExecuteScalarAsync<long>("select count(*) from quartz.job_run where job = 'send-company-notices'") == before)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "waiting for the job's run to be recorded");
            await Task.Delay(50);
        }

        page = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/taches"));
        var lastRun = page.QuerySelector("#tache-send-company-notices tbody tr")!;
        Assert.That(lastRun.TextContent, Does.Match(@"Réussie\s*\d+ e-mails? écrits?"));
        Assert.That(page.QuerySelector("#tache-send-company-notices")!.TextContent, Does.Contain("Dernière exécution :").And.Contain("réussie"));

        var advisor = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        Assert.That((await advisor.GetAsync("/admin/taches")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var unknown = await admin.PostAsync(run.GetAttribute("action"), new FormUrlEncodedContent(
            run.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Name == "key" ? "pas-une-tache" : i.Value)));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
