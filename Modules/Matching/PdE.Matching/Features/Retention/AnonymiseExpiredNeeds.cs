using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Db;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Features.Retention;

/// <summary>
/// Anonymises the needs created before the retention limit, a batch after the other: the description (in the needs and,
/// through its trigger, in their matches' search heads), the answers, the discussion's messages, the experts' comments
/// on their answers and the requester's comment in the satisfaction survey. Statuses, dates, subjects, companies and experts stay, for the counts.
/// </summary>
internal sealed class AnonymiseExpiredNeedsHandler(NpgsqlDataSource dataSource, ILogger<AnonymiseExpiredNeedsHandler> logger)
    : INotificationHandler<PersonalDataExpired>
{
    public const string Placeholder = "Effacé : besoin de plus de 3 ans";

    private const int BatchSize = 2000;

    private const string AnonymiseBatch = """
        with due as (
            select id from matching.need
            where anonymised_at is null and created_at < @Before
            order by created_at
            limit @BatchSize
            for update skip locked
        ),
        comments as (
            update matching.need_comment c set body = 'Message effacé (plus de 3 ans)' from due where c.need_id = due.id
        ),
        history as (
            update matching.match_history h set comment = null from due where h.need_id = due.id and h.comment is not null
        ),
        surveys as (
            update matching.satisfaction_survey s set comment = 'Commentaire effacé (plus de 3 ans)' from due where s.need_id = due.id and s.comment is not null
        )
        update matching.need n set description = @Placeholder, answers = '[]', anonymised_at = now()
        from due
        where n.id = due.id
        """;

    public async ValueTask Handle(PersonalDataExpired expired, CancellationToken cancellationToken)
    {
        var total = await Batches.RunUntilShortAsync(dataSource, AnonymiseBatch, new { expired.Before, BatchSize, Placeholder }, BatchSize, cancellationToken);
        if (total > 0)
        {
            logger.LogInformation("{Count} needs created before {Before:u} anonymised", total, expired.Before);
        }
    }
}
