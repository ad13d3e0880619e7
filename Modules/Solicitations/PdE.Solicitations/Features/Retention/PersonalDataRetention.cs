using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Db;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;
using Quartz;

namespace PdE.Solicitations.Features.Retention;

/// <summary>
/// Every night, says that personal data written more than <c>Retention:Years</c> (3) ago has expired
/// (<see cref="PersonalDataExpired"/>): each module, this one included, anonymises its own rows older than that.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ExpirePersonalDataJob(NpgsqlDataSource dataSource, TimeProvider clock, IConfiguration configuration) : IJob
{
    public const string Key = "expire-personal-data";
    public const string CronSetting = "Solicitations:RetentionCron";
    public const string DefaultCron = "0 30 3 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var before = await ExpireAsync(cancellationToken);
        context.Result = $"données personnelles d’avant le {PdE.Shared.Text.French.Date(before)} à effacer";
    }

    /// <returns>The instant before which data expired.</returns>
    public async Task<DateTime> ExpireAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddYears(-Math.Max(1, configuration.GetValue("Retention:Years", 3)));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await transaction.EnqueueAsync(SolicitationsSchema.Name, new PersonalDataExpired(Guid.CreateVersion7(), before));
        await transaction.CommitAsync(cancellationToken);
        return before;
    }
}

/// <summary>
/// Anonymises the requests created before the retention limit, a batch after the other (each its own transaction, so a
/// night's work never holds locks for long): the name, e-mail and phone, the description and the answers, the team's
/// comments; the e-mail becomes an address of its own that no flag can match. What counts need stays (status, subject,
/// dates, company, commune, tags).
/// </summary>
internal sealed class AnonymiseExpiredRequestsHandler(NpgsqlDataSource dataSource, ILogger<AnonymiseExpiredRequestsHandler> logger)
    : INotificationHandler<PersonalDataExpired>
{
    public const string Placeholder = "Effacé : demande de plus de 3 ans";

    private const int BatchSize = 5000;

    private const string AnonymiseBatch = """
        with due as (
            select id from solicitations.solicitation
            where anonymised_at is null and created_at < @Before
            order by created_at
            limit @BatchSize
            for update skip locked
        ),
        comments as (
            update solicitations.solicitation_event e set detail = null
            from due where e.solicitation_id = due.id and e.action = 'comment' and e.detail is not null
        )
        update solicitations.solicitation s
        set full_name = 'Demandeur anonymisé', email = 'anonymise-' || s.id || '@invalid', phone = '',
            description = case when s.description is null then null else @Placeholder end, answers = '[]',
            resume_token_hash = null, follow_up_token_hash = null, anonymised_at = now()
        from due
        where s.id = due.id
        """;

    public async ValueTask Handle(PersonalDataExpired expired, CancellationToken cancellationToken)
    {
        var total = await Batches.RunUntilShortAsync(dataSource, AnonymiseBatch, new { expired.Before, BatchSize, Placeholder }, BatchSize, cancellationToken);
        if (total > 0)
        {
            logger.LogInformation("{Count} requests created before {Before:u} anonymised", total, expired.Before);
        }
    }
}
