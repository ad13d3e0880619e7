using Dapper;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;
using PdE.Notifications.Data;
using PdE.Notifications.Delivery;
using PdE.Shared.Db;
using PdE.Shared.Outbox;

namespace PdE.Notifications.Features.DeliverEmail;

/// <summary>Module-internal event: an e-mail row is ready to go. Travelling through the outbox gives retries with backoff.</summary>
internal sealed record EmailQueued(Guid EventId, Guid EmailId) : INotification;

/// <summary>
/// Sends a stored e-mail, then marks it sent; every attempt is counted on the e-mail, with its error and the next attempt's
/// time. Delivery is at least once, with a stable Message-ID (the e-mail's id):
/// <list type="bullet">
/// <item>when the database fails between the SMTP server's acceptance and « mark sent », the mark is retried for up to
/// <see cref="MarkSentPatience"/>, the time PostgreSQL takes to restart or fail over, so the e-mail is not sent again;
/// only a longer outage (or a host dying right then) sends it twice, with the same Message-ID;</item>
/// <item>when the mail server fails (down, 4xx), the e-mail is retried through the outbox with a growing delay (1 s, 2 s,
/// 4 s … one hour), noted as waiting for the mail server: the next e-mail the server accepts brings every such retry
/// forward, so mail flows again as soon as the server is back. After <c>Mail:MaxAttempts</c> attempts it is failed;</item>
/// <item>when the server refuses this message or recipient for good (5xx), or the address cannot be written, the e-mail is
/// failed at once with the reason: no attempt could succeed. An admin can send a failed e-mail again (<c>/admin/e-mails</c>).</item>
/// </list>
/// </summary>
internal sealed class DeliverEmailHandler(
    NpgsqlDataSource dataSource, IMailDelivery delivery, SmtpOptions smtp, IConfiguration configuration, ILogger<DeliverEmailHandler> logger)
    : INotificationHandler<EmailQueued>
{
    public static readonly TimeSpan MarkSentPatience = TimeSpan.FromSeconds(60);

    /// <summary>How many attempts before an e-mail the mail server keeps failing is given up (Mail:MaxAttempts): 40 is about
    /// 30 hours of a server down (delays double up to an hour).</summary>
    private int MaxAttempts => Math.Max(1, configuration.GetValue("Mail:MaxAttempts", 40));

    private const string LoadPendingEmail = """
        select id, recipient, subject, html_body as HtmlBody, text_body as TextBody, attempts
        from notifications.email
        where id = @EmailId and status = 'pending'
        """;

    // With « sent », in the same round trip, « the mail server works again »: the e-mails whose last attempt it failed become
    // due now, their outbox events (waiting_for) and their rows. Cheap when none waits: a partial index holds only the events
    // waiting on a target.
    private const string MarkSent = """
        with sent as (
            update notifications.email
            set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null, next_attempt_at = null
            where id = @Id
            returning id
        ),
        brought as (
            update notifications.outbox_message set next_attempt_at = now()
            where processed_at is null and waiting_for = @Target and next_attempt_at > now()
            returning id
        ),
        due as (
            update notifications.email set next_attempt_at = now()
            where status = 'pending' and next_attempt_at > now() and id <> @Id and exists (select from brought)
        )
        select count(*)::int from brought
        """;

    private const string MarkFailed = """
        update notifications.email
        set status = 'failed', failed_at = now(), attempts = attempts + @Attempted, last_error = @Error, next_attempt_at = null
        where id = @Id and status = 'pending'
        """;

    private const string MarkRetry = """
        update notifications.email set attempts = attempts + 1, last_error = @Error, next_attempt_at = now() + @Delay
        where id = @Id and status = 'pending'
        """;

    public async ValueTask Handle(EmailQueued queued, CancellationToken cancellationToken)
    {
        PendingEmail? email;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            email = await connection.QuerySingleOrDefaultAsync<PendingEmail>(
                new CommandDefinition(LoadPendingEmail, new { queued.EmailId }, cancellationToken: cancellationToken));
        }

        if (email is null)
        {
            return;
        }

        var message = new MimeMessage
        {
            Subject = email.Subject,
            Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        if (!PdE.Shared.Validation.EmailAddress.IsValid(email.Recipient) || !MailboxAddress.TryParse(email.Recipient, out var recipient))
        {
            // No attempt can ever succeed: say so once, loudly, rather than retrying forever.
            logger.LogError("E-mail {EmailId} « {Subject} » failed: its recipient address « {Recipient} » is not valid",
                email.Id, email.Subject, email.Recipient);
            await FailAsync(email, 0, $"Adresse du destinataire invalide : « {email.Recipient} »", cancellationToken);
            return;
        }

        message.To.Add(recipient);
        message.MessageId = MessageIdOf(email.Id);

        try
        {
            await delivery.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && MailServer.IsAtFault(ex))
        {
            var attempt = email.Attempts + 1;
            if (attempt >= MaxAttempts)
            {
                logger.LogError(ex, "E-mail {EmailId} « {Subject} » to {Recipient} failed: the mail server failed {Attempts} attempts",
                    email.Id, email.Subject, email.Recipient, attempt);
                await FailAsync(email, 1, $"Abandonné après {attempt} tentatives, le serveur d’envoi ne répondant pas : {MailServer.Describe(ex)}", cancellationToken);
                return;
            }

            var delay = OutboxRetries.Backoff(attempt);
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    MarkRetry, new { email.Id, Error = MailServer.Describe(ex), Delay = delay }, cancellationToken: cancellationToken));
            }

            throw new TargetUnavailableException(MailServer.Target, ex) { RetryAfter = delay };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && MailServer.IsRefusal(ex))
        {
            logger.LogError("E-mail {EmailId} « {Subject} » to {Recipient} failed: refused by the mail server: {Reason}",
                email.Id, email.Subject, email.Recipient, ex.Message);
            await FailAsync(email, 1, $"Refusé par le serveur d’envoi : {MailServer.Describe(ex)}", cancellationToken);
            return;
        }

        // The message has left: from here on, a failure must not make the outbox send it again if it can be helped.
        var brought = await TransientDatabaseFailure.RetryAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                MarkSent, new { email.Id, MailServer.Target }, cancellationToken: ct));
        }, MarkSentPatience, logger, $"Marking e-mail {email.Id} sent", CancellationToken.None);
        if (brought > 0)
        {
            logger.LogInformation("The mail server accepts e-mails again: {Count} waiting e-mails are due now", brought);
        }
    }

    private async Task FailAsync(PendingEmail email, int attempted, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            MarkFailed, new { email.Id, Attempted = attempted, Error = error }, cancellationToken: cancellationToken));
    }

    /// <summary>The same for every delivery attempt of one e-mail, so a mail client can recognise a duplicate.</summary>
    internal static string MessageIdOf(Guid emailId) => $"{emailId}@place-des-entreprises";

    private sealed record PendingEmail(Guid Id, string Recipient, string Subject, string HtmlBody, string TextBody, int Attempts);
}
