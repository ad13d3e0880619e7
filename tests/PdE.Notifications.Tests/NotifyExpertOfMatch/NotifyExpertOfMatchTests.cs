using System.Text.Json;
using Dapper;
using MimeKit;
using Npgsql;
using PdE.Testing;

namespace PdE.Notifications.Tests.NotifyExpertOfMatch;

public sealed class NotifyExpertOfMatchTests
{
    private static ModuleTestHost Host => NotificationsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Stores_the_email_and_queues_its_delivery_in_the_same_transaction()
    {
        var match = MatchEvents.NewMatch(UniqueAddress());

        await Host.PublishAsync(match);

        await using var connection = Connect();
        var email = await connection.QuerySingleAsync<(Guid Id, string Template, string Recipient, string Status, Guid RelatedId)>(
            "select id, template, recipient, status, related_id from notifications.email");
        Assert.That((email.Template, email.Recipient, email.Status, email.RelatedId),
            Is.EqualTo(("MatchCreated", match.ExpertEmail, "pending", match.MatchId)));

        var (type, payload) = await connection.QuerySingleAsync<(string, string)>(
            "select type, payload::text from notifications.outbox_message where processed_at is null");
        Assert.That(type, Does.StartWith("PdE.Notifications.Features.DeliverEmail.EmailQueued,"));
        using var json = JsonDocument.Parse(payload);
        Assert.That(json.RootElement.GetProperty("emailId").GetGuid(), Is.EqualTo(email.Id));
    }

    [Test]
    public async Task Names_the_company_the_subject_the_place_and_the_filing_date_and_links_to_the_need_page()
    {
        var match = MatchEvents.NewMatch(UniqueAddress()) with
        {
            CompanyName = "BOULANGERIE MARTIN",
            SubjectLabel = "Recruter un ou plusieurs salariés",
            Place = "Rouen (76000)",
            RequestedAt = new DateTime(2026, 3, 2, 8, 15, 0, DateTimeKind.Utc),
        };
        match = match with { NeedPath = $"/conseiller/besoins/{match.NeedId}" };
        await Host.PublishAsync(match);

        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1));

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, match.ExpertEmail));
        Assert.That(message.Subject, Is.EqualTo("Nouvelle demande : BOULANGERIE MARTIN, recruter un ou plusieurs salariés"));
        Assert.That(message.TextBody, Does.Contain("Entreprise : BOULANGERIE MARTIN"));
        Assert.That(message.TextBody, Does.Contain("Sujet : Recruter un ou plusieurs salariés"));
        Assert.That(message.TextBody, Does.Contain("Commune : Rouen (76000)"));
        Assert.That(message.TextBody, Does.Contain("Déposée par l’entreprise le : 2 mars 2026"));
        Assert.That(message.TextBody, Does.Contain($"http://localhost:5080/conseiller/besoins/{match.NeedId}"));
        Assert.That(message.HtmlBody, Does.Contain($"href=\"http://localhost:5080/conseiller/besoins/{match.NeedId}\""));
        Assert.That(message.HtmlBody, Does.Contain("Rouen (76000)"));
    }

    // Browsers post a textarea's line breaks as CRLF.
    [TestCase("\n")]
    [TestCase("\r\n")]
    public async Task Sends_the_expert_a_french_email_about_the_request(string lineBreak)
    {
        var match = MatchEvents.NewMatch(UniqueAddress(), $"Nous voulons recruter un apprenti boulanger.{lineBreak}Pouvez-vous nous aider ?");
        await Host.PublishAsync(match);

        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1));

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, match.ExpertEmail));
        Assert.That(message.Subject, Is.EqualTo("Une entreprise a besoin de vous : nouvelle demande à traiter"));
        Assert.That(message.TextBody, Does.Contain("Bonjour Camille Martin,"));
        Assert.That(message.TextBody, Does.Contain("au titre de CCI Paris Île-de-France."));
        Assert.That(message.TextBody, Does.Contain("Établissement (SIRET) : 732 829 320 00074"));
        Assert.That(message.TextBody, Does.Contain("Demande reçue le : jeudi 12 mars 2026 à 10h30"));
        // SMTP carries every line break as CRLF; compare the words, not the line endings.
        Assert.That(message.TextBody?.ReplaceLineEndings("\n"), Does.Contain(match.Description.ReplaceLineEndings("\n")));
        // Accented letters stay as they are in the HTML source, so the French mail stays readable there too.
        Assert.That(message.HtmlBody, Does.Contain("au titre de <strong>CCI Paris Île-de-France</strong>"));
        Assert.That(message.HtmlBody, Does.Contain("732 829 320 00074"));
        Assert.That(message.HtmlBody, Does.Contain("jeudi 12 mars 2026 à 10h30"));
        Assert.That(message.HtmlBody, Does.Contain("boulanger.<br>Pouvez-vous"));
    }

    [Test]
    public async Task Says_there_is_no_siret_for_a_project_without_a_company()
    {
        var match = MatchEvents.NewMatch(UniqueAddress()) with { Siret = "" };
        await Host.PublishAsync(match);

        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1));

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, match.ExpertEmail));
        Assert.That(message.TextBody, Does.Contain("Établissement (SIRET) : aucun (projet sans entreprise)"));
    }

    [Test]
    public async Task Escapes_html_typed_in_the_description()
    {
        var match = MatchEvents.NewMatch(UniqueAddress(), "Bonjour <script>alert('x')</script> & merci, besoin d'aide <b>vite</b>");
        await Host.PublishAsync(match);

        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, match.ExpertEmail));
        Assert.That(message.HtmlBody, Does.Contain("&lt;script&gt;"));
        Assert.That(message.HtmlBody, Does.Contain("&lt;b&gt;vite&lt;/b&gt;"));
        Assert.That(message.HtmlBody, Does.Contain(" &amp; merci"));
        Assert.That(message.HtmlBody, Does.Not.Contain("<script>"));
        Assert.That(message.HtmlBody, Does.Not.Contain("<b>vite"));
        Assert.That(message.TextBody, Does.Contain(match.Description), "the text part is not HTML and keeps the words as typed");
    }

    [Test]
    public async Task Marks_the_email_sent_and_the_event_processed()
    {
        var match = MatchEvents.NewMatch(UniqueAddress());
        await Host.PublishAsync(match);

        await Host.DispatchOutboxAsync();

        await using var connection = Connect();
        var (status, sentAt) = await connection.QuerySingleAsync<(string, DateTime?)>("select status, sent_at from notifications.email");
        Assert.That(status, Is.EqualTo("sent"));
        Assert.That(sentAt, Is.Not.Null);
        var (processedAt, attempts, lastError) = await connection.QuerySingleAsync<(DateTime?, int, string?)>(
            "select processed_at, attempts, last_error from notifications.outbox_message");
        Assert.That(processedAt, Is.Not.Null);
        Assert.That(attempts, Is.EqualTo(1));
        Assert.That(lastError, Is.Null);
    }

    [Test]
    public async Task Writes_one_email_only_when_the_match_event_is_delivered_twice()
    {
        var match = MatchEvents.NewMatch(UniqueAddress());

        await Host.PublishAsync(match);
        await Host.PublishAsync(match);
        await Host.DispatchOutboxAsync();

        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email"), Is.EqualTo(1));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.outbox_message"), Is.EqualTo(1));
        await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, match.ExpertEmail));
        Assert.That(NotificationsTestHost.Smtp.Messages.Count(m => SentTo(m, match.ExpertEmail)), Is.EqualTo(1));
    }

    private static string UniqueAddress() => $"conseiller-{Guid.NewGuid():N}@cci-paris-idf.example.fr";

    private static bool SentTo(MimeMessage message, string address) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));

    private static NpgsqlConnection Connect() => new(Host.Database.ConnectionString);
}
