using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Notifications.Data;
using PdE.Notifications.Features.DeliverEmail;
using PdE.Shared.Outbox;

namespace PdE.Notifications.Features.Emails.ShowEmail;

/// <summary>One stored e-mail, whole: what was written, to whom, and how its delivery went.</summary>
internal sealed record ShowEmailQuery(Guid Id) : IQuery<StoredEmail?>;

internal sealed record StoredEmail(
    Guid Id, string Template, string Recipient, string Subject, string HtmlBody, string TextBody, string Status, int Attempts,
    string? LastError, DateTime CreatedAt, DateTime? SentAt, DateTime? FailedAt, DateTime? NextAttemptAt, DateTime? ResentAt, string? ResentBy);

internal sealed class ShowEmailHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowEmailQuery, StoredEmail?>
{
    public async ValueTask<StoredEmail?> Handle(ShowEmailQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredEmail>(new CommandDefinition("""
            select id as Id, template as Template, recipient as Recipient, subject as Subject, html_body as HtmlBody, text_body as TextBody,
                   status as Status, attempts as Attempts, last_error as LastError, created_at as CreatedAt, sent_at as SentAt,
                   failed_at as FailedAt, next_attempt_at as NextAttemptAt, resent_at as ResentAt, resent_by as ResentBy
            from notifications.email where id = @Id
            """, new { query.Id }, cancellationToken: cancellationToken));
    }
}

/// <summary>An admin sends a failed e-mail again, as written: back to « en attente », its attempts from zero, queued now.</summary>
/// <returns>False when the e-mail is not failed (sent meanwhile, already sent again, or unknown): nothing changes.</returns>
internal sealed record ResendEmailCommand(Guid Id, string AdminName) : ICommand<bool>;

internal sealed class ResendEmailHandler(NpgsqlDataSource dataSource, ILogger<ResendEmailHandler> logger) : ICommandHandler<ResendEmailCommand, bool>
{
    private const string BackToPending = """
        update notifications.email
        set status = 'pending', attempts = 0, next_attempt_at = now(), failed_at = null, resent_at = now(), resent_by = @AdminName
        where id = @Id and status = 'failed'
        """;

    public async ValueTask<bool> Handle(ResendEmailCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(BackToPending, command, transaction, cancellationToken: cancellationToken)) == 0)
        {
            return false;
        }

        await transaction.EnqueueAsync(NotificationsSchema.Name, new EmailQueued(Guid.CreateVersion7(), command.Id));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("E-mail {EmailId} sent again by {Admin}", command.Id, command.AdminName);
        return true;
    }
}
