using Dapper;
using Mediator;
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
/// Sends a stored e-mail, then marks it sent. Delivery is at least once, with a stable Message-ID (the e-mail's id):
/// <list type="bullet">
/// <item>when the database fails between the SMTP server's acceptance and « mark sent », the mark is retried for up to
/// <see cref="MarkSentPatience"/>, the time PostgreSQL takes to restart or fail over, so the e-mail is not sent again;
/// only a longer outage (or a host dying right then) sends it twice, with the same Message-ID;</item>
/// <item>when the mail server fails, the event is retried with the outbox's backoff and noted as waiting for the mail server;
/// the next e-mail the server accepts brings every such retry forward, so mail flows again as soon as the server is back,
/// not after a backoff grown to an hour.</item>
/// </list>
/// </summary>
internal sealed class DeliverEmailHandler(
    NpgsqlDataSource dataSource, IMailDelivery delivery, SmtpOptions smtp, ILogger<DeliverEmailHandler> logger)
    : INotificationHandler<EmailQueued>
{
    public static readonly TimeSpan MarkSentPatience = TimeSpan.FromSeconds(60);

    private const string LoadPendingEmail = """
        select id, recipient, subject, html_body as HtmlBody, text_body as TextBody
        from notifications.email
        where id = @EmailId and status = 'pending'
        """;

    private const string MarkSent = "update notifications.email set status = 'sent', sent_at = now() where id = @Id";

    private const string MarkUndeliverable = "update notifications.email set status = 'undeliverable', failure = @Failure where id = @Id and status = 'pending'";

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
            logger.LogError("E-mail {EmailId} « {Subject} » is undeliverable: its recipient address « {Recipient} » is not valid",
                email.Id, email.Subject, email.Recipient);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(MarkUndeliverable,
                new { email.Id, Failure = $"Adresse du destinataire invalide : « {email.Recipient} »" }, cancellationToken: cancellationToken));
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
            throw new TargetUnavailableException(MailServer.Target, ex);
        }

        // The message has left: from here on, a failure must not make the outbox send it again if it can be helped.
        await TransientDatabaseFailure.RetryAsync(async ct =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            return await connection.ExecuteAsync(new CommandDefinition(MarkSent, new { email.Id }, cancellationToken: ct));
        }, MarkSentPatience, logger, $"Marking e-mail {email.Id} sent", CancellationToken.None);

        await BringForwardWaitingEmailsAsync();
    }

    /// <summary>The same for every delivery attempt of one e-mail, so a mail client can recognise a duplicate.</summary>
    internal static string MessageIdOf(Guid emailId) => $"{emailId}@place-des-entreprises";

    private async Task BringForwardWaitingEmailsAsync()
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var brought = await connection.BringForwardRetriesAsync(NotificationsSchema.Name, MailServer.Target);
            if (brought > 0)
            {
                logger.LogInformation("The mail server accepts e-mails again: {Count} waiting e-mails are due now", brought);
            }
        }
        catch (Exception ex) when (TransientDatabaseFailure.Is(ex))
        {
            // They keep their backoff; the next e-mail sent tries again.
            logger.LogWarning("Waiting e-mails not brought forward: {Reason}", ex.Message);
        }
    }

    private sealed record PendingEmail(Guid Id, string Recipient, string Subject, string HtmlBody, string TextBody);
}
