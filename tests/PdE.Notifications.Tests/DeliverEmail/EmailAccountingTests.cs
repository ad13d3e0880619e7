using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using PdE.Notifications.Delivery;
using PdE.Notifications.Features.Emails.PreviewTemplates;
using PdE.Notifications.Features.Emails.ShowEmail;
using PdE.Testing;

namespace PdE.Notifications.Tests.DeliverEmail;

/// <summary>Issue 13 item 1: every e-mail accounts for its delivery (attempts, last error, final state) and can be sent again.</summary>
public sealed class EmailAccountingTests
{
    private static ModuleTestHost Host => NotificationsTestHost.Host;

    private static SmtpCapture Smtp => NotificationsTestHost.Smtp;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task A_sent_email_counts_its_one_attempt_and_carries_the_key_of_its_event()
    {
        var match = MatchEvents.NewMatch(UniqueAddress());
        await Host.PublishAsync(match);

        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1));

        await using var connection = Connect();
        var email = await connection.QuerySingleAsync<(string Status, int Attempts, string? LastError, DateTime? NextAttemptAt, string Key)>(
            "select status, attempts, last_error, next_attempt_at, idempotency_key from notifications.email");
        Assert.That((email.Status, email.Attempts, email.LastError, email.NextAttemptAt), Is.EqualTo(("sent", 1, (string?)null, (DateTime?)null)));
        Assert.That(email.Key, Is.EqualTo($"NotifyExpertOfMatchHandler/{match.EventId}/0"));
    }

    [Test]
    public async Task An_address_the_server_refuses_for_good_fails_at_once_with_the_servers_answer_and_is_not_retried()
    {
        var refused = UniqueAddress();
        Smtp.RefusedRecipients[refused] = true;
        await Host.PublishAsync(MatchEvents.NewMatch(refused));

        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1), "the event is done with: no retry");

        await using var connection = Connect();
        var email = await connection.QuerySingleAsync<(string Status, int Attempts, string LastError, DateTime? FailedAt, DateTime? NextAttemptAt)>(
            "select status, attempts, last_error, failed_at, next_attempt_at from notifications.email");
        Assert.That(email.Status, Is.EqualTo("failed"));
        Assert.That(email.Attempts, Is.EqualTo(1));
        Assert.That(email.LastError, Does.StartWith("Refusé par le serveur d’envoi : 550 ").And.Contain("Mailbox unavailable"));
        Assert.That(email.FailedAt, Is.Not.Null);
        Assert.That(email.NextAttemptAt, Is.Null);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.outbox_message where processed_at is null"), Is.Zero);
        Assert.That(Smtp.Messages.Any(m => SentTo(m, refused)), Is.False);
    }

    [Test]
    public async Task An_admin_sends_a_failed_email_again_and_it_leaves_once_the_address_is_taken()
    {
        var address = UniqueAddress();
        Smtp.RefusedRecipients[address] = true;
        await Host.PublishAsync(MatchEvents.NewMatch(address));
        await Host.DispatchOutboxAsync();
        await using var connection = Connect();
        var id = await connection.QuerySingleAsync<Guid>("select id from notifications.email where status = 'failed'");
        Smtp.RefusedRecipients.TryRemove(address, out _);

        Assert.That(await SendAsync(new ResendEmailCommand(id, "Marie Admin")), Is.True);
        Assert.That(await SendAsync(new ResendEmailCommand(id, "Marie Admin")), Is.False, "pending again: a second click changes nothing");
        var pending = await connection.QuerySingleAsync<(string Status, int Attempts, string ResentBy)>(
            "select status, attempts, resent_by from notifications.email where id = @id", new { id });
        Assert.That(pending, Is.EqualTo(("pending", 0, "Marie Admin")));

        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1));

        await Smtp.WaitForAsync(m => SentTo(m, address));
        var sent = await connection.QuerySingleAsync<(string Status, int Attempts, string? LastError)>(
            "select status, attempts, last_error from notifications.email where id = @id", new { id });
        Assert.That(sent, Is.EqualTo(("sent", 1, (string?)null)));
        Assert.That(await SendAsync(new ResendEmailCommand(id, "Marie Admin")), Is.False, "a sent e-mail is not sent again");
    }

    [Test]
    public void Every_template_has_a_label_and_samples_that_render_strictly_in_html_and_text()
    {
        var templates = Host.Services.GetRequiredService<EmailTemplates>();
        var embedded = typeof(EmailTemplates).Assembly.GetManifestResourceNames()
            .Where(r => r.EndsWith(".html.sbn", StringComparison.Ordinal))
            .Select(r => r.Split('.')[^3])
            .ToList();
        Assert.That(embedded, Has.Count.GreaterThanOrEqualTo(7));
        foreach (var template in embedded)
        {
            Assert.That(Features.Emails.EmailLabels.Templates, Does.ContainKey(template), $"{template} has a French label");
            Assert.That(TemplateSamples.Of(template), Is.Not.Empty, $"{template} has a sample");
        }

        foreach (var sample in TemplateSamples.All)
        {
            var html = templates.Render($"{sample.Template}.html", sample.Model);
            var text = templates.Render($"{sample.Template}.text", sample.Model);
            Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("lang=\"fr\""), $"{sample.Template} {sample.Variant}");
            Assert.That(text, Does.Contain("Bonjour"), $"{sample.Template} {sample.Variant}");
        }
    }

    [Test]
    public void A_model_missing_a_value_its_template_reads_is_an_error_not_a_blank()
    {
        var templates = Host.Services.GetRequiredService<EmailTemplates>();

        Assert.That(() => templates.Render("UserInvited.text", new { FullName = "Camille Martin", Url = "https://exemple.fr" }),
            Throws.InstanceOf<Scriban.Syntax.ScriptRuntimeException>().With.Message.Contains("ExpiresOn"));
    }

    private static async Task<bool> SendAsync(ResendEmailCommand command) =>
        await Host.InScopeAsync(services => services.GetRequiredService<IMediator>().Send(command).AsTask());

    private static string UniqueAddress() => $"conseiller-{Guid.NewGuid():N}@cci-paris-idf.example.fr";

    private static bool SentTo(MimeMessage message, string address) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));

    private static NpgsqlConnection Connect() => new(Host.Database.ConnectionString);
}
