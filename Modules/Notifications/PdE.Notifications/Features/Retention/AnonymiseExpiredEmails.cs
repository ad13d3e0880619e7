using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Db;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.Retention;

/// <summary>
/// Anonymises the e-mails written before the retention limit, a batch after the other: the recipient and both bodies.
/// The kind, subject line, state and dates stay (what was sent, and when, is still accounted for).
/// </summary>
internal sealed class AnonymiseExpiredEmailsHandler(NpgsqlDataSource dataSource, ILogger<AnonymiseExpiredEmailsHandler> logger)
    : INotificationHandler<PersonalDataExpired>
{
    private const int BatchSize = 5000;

    private const string AnonymiseBatch = """
        with due as (
            select id from notifications.email
            where anonymised_at is null and created_at < @Before
            order by created_at
            limit @BatchSize
            for update skip locked
        )
        update notifications.email e
        set recipient = 'anonymisé', html_body = '', text_body = 'Effacé : e-mail de plus de 3 ans', anonymised_at = now()
        from due
        where e.id = due.id
        """;

    public async ValueTask Handle(PersonalDataExpired expired, CancellationToken cancellationToken)
    {
        var total = await Batches.RunUntilShortAsync(dataSource, AnonymiseBatch, new { expired.Before, BatchSize }, BatchSize, cancellationToken);
        if (total > 0)
        {
            logger.LogInformation("{Count} e-mails written before {Before:u} anonymised", total, expired.Before);
        }
    }
}
