using System.Net;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>Issue 11 item 10, the admin's half: an e-mail that can never leave is shown, with why, on /admin/e-mails.</summary>
public sealed class EmailsPageTests : SiteTests
{
    [Test]
    public async Task Admins_see_undeliverable_emails_with_why_and_filter_the_list()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into notifications.email (id, template, recipient, subject, html_body, text_body, status, failure)
                values (gen_random_uuid(), 'MatchCreated', 'camille martin@cci-paris-idf.example.fr', 'Un nouveau besoin vous attend', '<p>…</p>', '…',
                        'undeliverable', 'Adresse du destinataire invalide : « camille martin@cci-paris-idf.example.fr »'),
                       (gen_random_uuid(), 'UserInvited', 'lea.dubois@cma-idf.example.fr', 'Votre compte Place des Entreprises', '<p>…</p>', '…',
                        'sent', null);
                """);
        }

        var admin = await App.SignedInClientAsync();
        var page = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails"));
        Assert.That(page.QuerySelector("#non-distribuables h2")!.TextContent, Is.EqualTo("1 e-mail non distribuable"));
        Assert.That(page.QuerySelectorAll(".email-failure").Select(f => f.TextContent),
            Is.EqualTo(new[] { "Adresse du destinataire invalide : « camille martin@cci-paris-idf.example.fr »" }));
        Assert.That(page.QuerySelector("#navigation-agent")!.TextContent, Does.Contain("E-mails"));

        var undeliverable = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails?etat=undeliverable"));
        Assert.That(undeliverable.QuerySelectorAll("tbody tr"), Has.Length.EqualTo(1));
        Assert.That(undeliverable.QuerySelector("tbody tr")!.TextContent, Does.Contain("Non distribuable").And.Contain("Nouveau besoin, au conseiller"));
        var searched = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails?q=LEA+dubois&modele=UserInvited"));
        Assert.That(searched.QuerySelectorAll("tbody tr td:nth-child(2)").Select(c => c.TextContent), Is.EqualTo(new[] { "lea.dubois@cma-idf.example.fr" }));

        var advisor = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        Assert.That((await advisor.GetAsync("/admin/e-mails")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
