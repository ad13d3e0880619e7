using Dapper;
using Npgsql;
using PdE.Notifications.Data;
using PdE.Notifications.Features.DeliverEmail;
using PdE.Shared.Outbox;

namespace PdE.Notifications.Delivery;

/// <summary>An e-mail to write from the Templates/{Template}.html and .text Scriban templates.</summary>
internal sealed record OutgoingEmail(string Template, string Recipient, string Subject, Guid RelatedId);

/// <summary>
/// Every e-mail is rendered, stored and queued for delivery through the outbox in one transaction, once per
/// (event, receiver): a redelivered event writes nothing, and a failed delivery is retried, never lost.
/// </summary>
internal sealed class EmailQueue(NpgsqlDataSource dataSource, EmailTemplates templates)
{
    private const string InsertEmail = """
        insert into notifications.email (id, template, recipient, subject, html_body, text_body, related_id)
        values (@Id, @Template, @Recipient, @Subject, @HtmlBody, @TextBody, @RelatedId)
        """;

    public async Task QueueAsync(Guid eventId, string receiver, OutgoingEmail email, object model, CancellationToken cancellationToken)
    {
        var htmlBody = templates.Render($"{email.Template}.html", model);
        var textBody = templates.Render($"{email.Template}.text", model);
        var emailId = Guid.CreateVersion7();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(NotificationsSchema.Name, eventId, receiver))
        {
            return;
        }

        await connection.ExecuteAsync(InsertEmail, new
        {
            Id = emailId, email.Template, email.Recipient, email.Subject, HtmlBody = htmlBody, TextBody = textBody, email.RelatedId,
        }, transaction);
        await transaction.EnqueueAsync(NotificationsSchema.Name, new EmailQueued(Guid.CreateVersion7(), emailId));
        await transaction.CommitAsync(cancellationToken);
    }
}
