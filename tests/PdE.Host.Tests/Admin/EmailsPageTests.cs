using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>
/// The admins' e-mail pages (issue 11 item 10, issue 13 item 1): every e-mail with its state and why it failed, filtered;
/// one e-mail as its recipient reads it, sent again once failed; every template previewed with sample data.
/// </summary>
public sealed class EmailsPageTests : SiteTests
{
    [Test]
    public async Task Admins_see_failed_emails_with_why_and_filter_the_list()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into notifications.email (id, template, recipient, subject, html_body, text_body, status, last_error, attempts)
                values (gen_random_uuid(), 'MatchCreated', 'camille martin@cci-paris-idf.example.fr', 'Un nouveau besoin vous attend', '<p>…</p>', '…',
                        'failed', 'Adresse du destinataire invalide : « camille martin@cci-paris-idf.example.fr »', 0),
                       (gen_random_uuid(), 'UserInvited', 'lea.dubois@cma-idf.example.fr', 'Votre compte Place des Entreprises', '<p>…</p>', '…',
                        'sent', null, 1);
                """);
        }

        var admin = await App.SignedInClientAsync();
        var page = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails"));
        Assert.That(page.QuerySelector("#en-echec h2")!.TextContent, Is.EqualTo("1 e-mail en échec"));
        Assert.That(page.QuerySelectorAll(".email-failure").Select(f => f.TextContent),
            Is.EqualTo(new[] { "Adresse du destinataire invalide : « camille martin@cci-paris-idf.example.fr »" }));
        Assert.That(page.QuerySelector("#navigation-agent")!.TextContent, Does.Contain("E-mails"));

        var failed = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails?etat=failed"));
        Assert.That(failed.QuerySelectorAll("tbody tr"), Has.Length.EqualTo(1));
        Assert.That(failed.QuerySelector("tbody tr")!.TextContent, Does.Contain("En échec").And.Contain("Nouveau besoin, au conseiller"));
        var searched = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails?q=LEA+dubois&modele=UserInvited"));
        Assert.That(searched.QuerySelectorAll("tbody tr td:nth-child(2)").Select(c => c.TextContent), Is.EqualTo(new[] { "lea.dubois@cma-idf.example.fr" }));
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        var later = await PdEApplication.ParseAsync(await admin.GetAsync($"/admin/e-mails?du={tomorrow}"));
        Assert.That(later.QuerySelector("p[role=status]")!.TextContent, Is.EqualTo("Aucun e-mail ne correspond."));
        Assert.That(later.QuerySelector<IHtmlInputElement>("#du")!.Value, Is.EqualTo(tomorrow), "the filter is kept");

        var advisor = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        Assert.That((await advisor.GetAsync("/admin/e-mails")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task An_admin_reads_a_failed_email_as_written_and_sends_it_again()
    {
        var id = Guid.CreateVersion7();
        var recipient = $"conseiller-{id:N}@cci-paris-idf.example.fr";
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into notifications.email (id, template, recipient, subject, html_body, text_body, status, attempts, last_error, failed_at)
                values (@id, 'MatchCreated', @recipient, 'Nouvelle demande : BOULANGERIE MARTIN',
                        '<p style="color: #000091">Bonjour Camille Martin,</p>', 'Bonjour Camille Martin,', 'failed', 40,
                        'Abandonné après 40 tentatives, le serveur d’envoi ne répondant pas : délai dépassé', now())
                """, new { id, recipient });
        }

        var admin = await App.SignedInClientAsync();
        var page = await PdEApplication.ParseAsync(await admin.GetAsync($"/admin/e-mails/{id}"));
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo($"Nouveau besoin, au conseiller à {recipient}"));
        Assert.That(page.QuerySelector("#etat")!.TextContent, Is.EqualTo("En échec"));
        Assert.That(page.QuerySelector("#envoi")!.TextContent, Does.Contain("40 tentatives d’envoi").And.Contain("Raison de l’échec : Abandonné après 40 tentatives"));
        Assert.That(page.QuerySelector(".pde-email-text")!.TextContent, Is.EqualTo("Bonjour Camille Martin,"));

        // The HTML version, framed, keeps its inline styles under a policy of its own that allows nothing else.
        var frame = page.QuerySelector<IHtmlInlineFrameElement>("iframe.pde-email-frame")!;
        Assert.That(frame.HasAttribute("sandbox"), Is.True);
        var html = await admin.GetAsync(frame.GetAttribute("src")!);
        Assert.That(html.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(await html.Content.ReadAsStringAsync(), Is.EqualTo("<p style=\"color: #000091\">Bonjour Camille Martin,</p>"));
        Assert.That(html.Headers.GetValues("Content-Security-Policy").Single(),
            Does.Contain("style-src 'unsafe-inline'").And.Contain("default-src 'none'").And.Contain("frame-ancestors 'self'").And.Contain("sandbox"));

        var form = page.QuerySelectorAll<IHtmlFormElement>("form[method=post]").Single(f => f.TextContent.Contains("Renvoyer cet e-mail"));
        var fields = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        var posted = await admin.PostAsync($"/admin/e-mails/{id}?handler=Resend", new FormUrlEncodedContent(fields));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var message = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == recipient));
        Assert.That(message.Subject, Is.EqualTo("Nouvelle demande : BOULANGERIE MARTIN"));
        IHtmlDocument after = null!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            after = await PdEApplication.ParseAsync(await admin.GetAsync($"/admin/e-mails/{id}"));
        }
        while (after.QuerySelector("#etat")!.TextContent != "Envoyé" && DateTime.UtcNow < deadline && await Delay());
        Assert.That(after.QuerySelector("#etat")!.TextContent, Is.EqualTo("Envoyé"), "the e-mail is marked sent; " + await App.UndeliveredEventsAsync());
        Assert.That(after.QuerySelector("#envoi")!.TextContent, Does.Contain("Renvoyé par").And.Contain("1 tentative d’envoi"));
        Assert.That(after.QuerySelector("form[method=post] button"), Is.Null.Or.Property("TextContent").Not.Contain("Renvoyer"), "no resend once sent");

        Assert.That((await admin.GetAsync($"/admin/e-mails/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Admins_preview_every_template_with_sample_data()
    {
        var admin = await App.SignedInClientAsync();
        var list = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails/modeles"));
        var links = list.QuerySelectorAll("a[href^=\"/admin/e-mails/modeles/\"]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.That(links, Has.Count.GreaterThanOrEqualTo(7).And.Contains("/admin/e-mails/modeles/MatchCreated"));

        foreach (var link in links)
        {
            var preview = await admin.GetAsync(link);
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK), link);
            var document = await PdEApplication.ParseAsync(preview);
            Assert.That(document.QuerySelector(".pde-email-text")!.TextContent, Does.Contain("Bonjour"), link);
            var html = await admin.GetAsync(document.QuerySelector<IHtmlInlineFrameElement>("iframe.pde-email-frame")!.GetAttribute("src")!);
            Assert.That(await html.Content.ReadAsStringAsync(), Does.StartWith("<!DOCTYPE html>"), link);
        }

        var notice = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/e-mails/modeles/CompanyNotice?exemple=2"));
        Assert.That(notice.QuerySelector("h2")!.TextContent, Is.EqualTo("Objet : Votre demande : pas d’aide possible de ce conseiller"));
        Assert.That(notice.QuerySelectorAll(".fr-tags-group a").Select(a => a.TextContent),
            Is.EqualTo(new[] { "prise en charge", "clôture avec une aide", "clôture sans aide possible", "entreprise injoignable" }));
        Assert.That((await admin.GetAsync("/admin/e-mails/modeles/Inconnu")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
