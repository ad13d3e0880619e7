using Dapper;
using Mediator;
using MimeKit;
using Npgsql;
using PdE.Notifications.Delivery;

namespace PdE.Notifications.Features.DeliverEmail;

/// <summary>Module-internal event: an e-mail row is ready to go. Travelling through the outbox gives retries with backoff.</summary>
internal sealed record EmailQueued(Guid EventId, Guid EmailId) : INotification;

/// <summary>
/// Sends a stored e-mail. If sending succeeds but marking it sent fails, the outbox retries and the
/// message goes twice: for e-mail, a rare duplicate is better than a loss.
/// </summary>
internal sealed class DeliverEmailHandler(NpgsqlDataSource dataSource, IMailDelivery delivery, SmtpOptions smtp)
    : INotificationHandler<EmailQueued>
{
    private const string LoadPendingEmail = """
        select id, recipient, subject, html_body as HtmlBody, text_body as TextBody
        from notifications.email
        where id = @EmailId and status = 'pending'
        """;

    private const string MarkSent = "update notifications.email set status = 'sent', sent_at = now() where id = @Id";

    public async ValueTask Handle(EmailQueued queued, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var email = await connection.QuerySingleOrDefaultAsync<PendingEmail>(LoadPendingEmail, new { queued.EmailId });
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
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        message.MessageId = $"{email.Id}@place-des-entreprises";

        await delivery.SendAsync(message, cancellationToken);
        await connection.ExecuteAsync(MarkSent, new { email.Id });
    }

    private sealed record PendingEmail(Guid Id, string Recipient, string Subject, string HtmlBody, string TextBody);
}
