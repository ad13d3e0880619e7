using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Admin;

/// <summary>Issue 13 item 4: the team's reminders desk, through the site: baskets, a reminder e-mail that leaves, a call noted.</summary>
public sealed class ReminderDeskPageTests : SiteTests
{
    [Test]
    public async Task The_team_reminds_the_silent_expert_of_a_late_need_and_notes_a_call()
    {
        var company = $"BOULANGERIE EN ATTENTE {Guid.NewGuid():N}"[..40];
        var (needId, _) = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", company, TimeSpan.FromDays(12));
        var admin = await App.SignedInClientAsync();

        var page = await PdEApplication.ParseAsync(await admin.GetAsync("/conseiller/relances"));
        Assert.That(page.QuerySelector("#corbeille-a-relancer")!.GetAttribute("aria-current"), Is.EqualTo("page"));
        var row = page.QuerySelectorAll("#corbeille tbody tr").Single(r => r.TextContent.Contains(company));
        Assert.That(row.TextContent, Does.Contain("Camille Martin (CCI Paris Île-de-France)"));

        var posted = await PostAsync(admin, page, "Email", needId, note: null);
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var message = await App.Smtp.WaitForAsync(m => m.Subject == $"Relance : {company} attend votre réponse");
        Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("camille.martin@cci-paris-idf.example.fr"));
        Assert.That(message.TextBody, Does.Contain($"/conseiller/besoins/{needId}").And.Contain("depuis 12 jours"));

        page = await PdEApplication.ParseAsync(await admin.GetAsync("/conseiller/relances"));
        Assert.That(page.QuerySelector("[role=status]")!.TextContent, Does.Contain("1 e-mail de relance envoyé (1 besoin)."));
        var refused = await PdEApplication.ParseAsync(await PostAsync(admin, page, "Call", needId, note: ""));
        Assert.That(refused.QuerySelector("#erreur")!.TextContent, Does.Contain("la note est obligatoire pour un appel"));
        Assert.That(refused.QuerySelector("title")!.TextContent, Does.StartWith("Erreur : "));
        Assert.That((await PostAsync(admin, page, "Call", needId, note: "Camille rappelle l’entreprise demain")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var need = await PdEApplication.ParseAsync(await admin.GetAsync($"/conseiller/besoins/{needId}"));
        Assert.That(need.QuerySelectorAll("#historique li[data-kind=Reminder]").Select(li => li.TextContent.Trim()),
            Has.Some.Contain("a relancé par e-mail").And.Some.Contain("Camille rappelle l’entreprise demain"));

        var advisor = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        Assert.That((await advisor.GetAsync("/conseiller/relances")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.reminder_action where need_id = @needId", new { needId }), Is.EqualTo(2));
    }

    /// <summary>Posts the page's form with one row ticked, through the button of <paramref name="handler"/>.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, IHtmlDocument page, string handler, Guid id, string? note)
    {
        var form = page.QuerySelector<IHtmlFormElement>("form#relancer")!;
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        fields.Add(new("Ids", id.ToString()));
        if (note is not null)
        {
            fields.Add(new("Note", note));
        }

        return client.PostAsync($"/conseiller/relances?handler={handler}", new FormUrlEncodedContent(fields));
    }
}
