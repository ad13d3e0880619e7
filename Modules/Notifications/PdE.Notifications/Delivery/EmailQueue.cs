using Dapper;
using Npgsql;
using PdE.Notifications.Data;
using PdE.Notifications.Features.DeliverEmail;
using PdE.Shared.Outbox;

namespace PdE.Notifications.Delivery;

/// <summary>An e-mail to write from the Templates/{Template}.html and .text Scriban templates.</summary>
internal sealed record OutgoingEmail(string Template, string Recipient, string Subject, Guid RelatedId);

/// <summary>
/// Every e-mail is rendered, stored and queued for delivery through the outbox in one transaction, under an idempotency key
/// derived from what triggered it (the event and its receiver, or a job's due row): a redelivered event, or a job run twice,
/// writes nothing more. A failed delivery is retried, never lost (<see cref="Features.DeliverEmail.DeliverEmailHandler"/>).
/// </summary>
internal sealed class EmailQueue(NpgsqlDataSource dataSource, EmailTemplates templates)
{
    // Only a row actually written is queued for delivery: the key already taken means the e-mail exists, sent or on its way.
    private const string InsertEmail = """
        insert into notifications.email (id, template, recipient, subject, html_body, text_body, related_id, idempotency_key, next_attempt_at)
        values (@Id, @Template, @Recipient, @Subject, @HtmlBody, @TextBody, @RelatedId, @Key, now())
        on conflict (idempotency_key) do nothing
        """;

    public Task QueueAsync(Guid eventId, string receiver, OutgoingEmail email, object model, CancellationToken cancellationToken) =>
        QueueAllAsync(eventId, receiver, [(email, model)], cancellationToken);

    /// <summary>Several e-mails for one event (e.g. one per participant), all or none; the n-th is keyed « receiver/event/n ».</summary>
    public async Task QueueAllAsync(
        Guid eventId, string receiver, IReadOnlyList<(OutgoingEmail Email, object Model)> emails, CancellationToken cancellationToken)
    {
        var rendered = emails.Select(e => Render(e.Email, e.Model)).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < rendered.Count; i++)
        {
            await InsertAsync(transaction, $"{receiver}/{eventId}/{i}", rendered[i], cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Renders, stores and queues one e-mail in the caller's transaction, under <paramref name="key"/>.</summary>
    /// <returns>False when an e-mail with that key exists already (nothing written).</returns>
    public Task<bool> QueueAsync(NpgsqlTransaction transaction, string key, OutgoingEmail email, object model, CancellationToken cancellationToken) =>
        InsertAsync(transaction, key, Render(email, model), cancellationToken);

    private RenderedEmail Render(OutgoingEmail email, object model) =>
        new(email, templates.Render($"{email.Template}.html", model), templates.Render($"{email.Template}.text", model));

    private static async Task<bool> InsertAsync(NpgsqlTransaction transaction, string key, RenderedEmail rendered, CancellationToken cancellationToken)
    {
        var emailId = Guid.CreateVersion7();
        var email = rendered.Email;
        var written = await transaction.Connection!.ExecuteAsync(new CommandDefinition(InsertEmail, new
        {
            Id = emailId, email.Template, email.Recipient, email.Subject, rendered.HtmlBody, rendered.TextBody, email.RelatedId, Key = key,
        }, transaction, cancellationToken: cancellationToken)) == 1;
        if (written)
        {
            await transaction.EnqueueAsync(NotificationsSchema.Name, new EmailQueued(Guid.CreateVersion7(), emailId));
        }

        return written;
    }

    private sealed record RenderedEmail(OutgoingEmail Email, string HtmlBody, string TextBody);
}
