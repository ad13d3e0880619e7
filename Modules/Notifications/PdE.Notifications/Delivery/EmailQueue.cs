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

    public Task QueueAsync(Guid eventId, string receiver, OutgoingEmail email, object model, CancellationToken cancellationToken) =>
        QueueAllAsync(eventId, receiver, [(email, model)], cancellationToken);

    /// <summary>Several e-mails for one event (e.g. one per participant), all or none.</summary>
    public async Task QueueAllAsync(
        Guid eventId, string receiver, IReadOnlyList<(OutgoingEmail Email, object Model)> emails, CancellationToken cancellationToken)
    {
        var rendered = emails.Select(e => Render(e.Email, e.Model)).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(NotificationsSchema.Name, eventId, receiver))
        {
            return;
        }

        foreach (var email in rendered)
        {
            await InsertAsync(transaction, email, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Renders, stores and queues one e-mail in the caller's transaction (which decides, by itself, that it is due once).</summary>
    public Task QueueAsync(NpgsqlTransaction transaction, OutgoingEmail email, object model, CancellationToken cancellationToken) =>
        InsertAsync(transaction, Render(email, model), cancellationToken);

    private RenderedEmail Render(OutgoingEmail email, object model) =>
        new(email, templates.Render($"{email.Template}.html", model), templates.Render($"{email.Template}.text", model));

    private static async Task InsertAsync(NpgsqlTransaction transaction, RenderedEmail rendered, CancellationToken cancellationToken)
    {
        var emailId = Guid.CreateVersion7();
        var email = rendered.Email;
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(InsertEmail, new
        {
            Id = emailId, email.Template, email.Recipient, email.Subject, rendered.HtmlBody, rendered.TextBody, email.RelatedId,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.EnqueueAsync(NotificationsSchema.Name, new EmailQueued(Guid.CreateVersion7(), emailId));
    }

    private sealed record RenderedEmail(OutgoingEmail Email, string HtmlBody, string TextBody);
}
