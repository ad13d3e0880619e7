using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Shared.Outbox;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Matching.Features.RemindWaitingRequesters;

/// <summary>
/// Every morning, finds the needs sent <see cref="After"/> ago that no expert has taken in charge (status still « quo »)
/// and tells their requesters, through <see cref="NeedStillWaiting"/>, that the request is still being handled. Each need
/// is marked in the same transaction as its event, under a row lock skipped by a concurrent run: one event per need,
/// however many hosts run the job. Needs sent more than <see cref="Grace"/> before the due day are left alone: a job
/// stopped for a while (or a first run over years of history) does not write to requesters whose request is long past.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RemindWaitingRequestersJob(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<RemindWaitingRequestersJob> logger) : IJob
{
    public const string Key = "remind-waiting-requesters";
    public const string CronSetting = "Matching:WaitingRequestersCron";

    /// <summary>Every day at 9:00, Paris time.</summary>
    public const string DefaultCron = "0 0 9 * * ?";

    public static readonly TimeSpan After = TimeSpan.FromDays(9);

    public static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    private const int BatchSize = 200;

    private const string MarkDue = """
        with due as (
            select n.id
            from matching.need n
            where n.status = 'quo' and n.requester_reminded_at is null
              and n.created_at <= @SentBefore
              and (select min(m.sent_at) from matching.match m where m.need_id = n.id) between @SentAfter and @SentBefore
            order by n.created_at
            limit @BatchSize
            for update of n skip locked
        )
        update matching.need n set requester_reminded_at = @Now
        from due
        where n.id = due.id
        returning n.id as NeedId, n.solicitation_id as SolicitationId,
                  (select min(m.sent_at) from matching.match m where m.need_id = n.id) as SentAt,
                  (select count(*)::int from matching.match m where m.need_id = n.id and m.sent_at is not null) as ExpertCount
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await RemindAsync(cancellationToken), "demandeur prévenu", "demandeurs prévenus");

    /// <returns>How many requesters were told (events written) in this run.</returns>
    public async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var reminded = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var due = (await connection.QueryAsync<DueNeed>(new CommandDefinition(MarkDue,
                new { Now = now, SentBefore = now - After, SentAfter = now - After - Grace, BatchSize }, transaction,
                cancellationToken: cancellationToken))).AsList();
            foreach (var need in due)
            {
                await transaction.EnqueueAsync(MatchingSchema.Name,
                    new NeedStillWaiting(Guid.CreateVersion7(), need.NeedId, need.SolicitationId, need.SentAt, need.ExpertCount));
            }

            await transaction.CommitAsync(cancellationToken);
            reminded += due.Count;
            if (due.Count < BatchSize)
            {
                if (reminded > 0)
                {
                    logger.LogInformation("{Count} requesters told that their request still waits for an expert", reminded);
                }

                return reminded;
            }
        }
    }

    private sealed record DueNeed(Guid NeedId, Guid SolicitationId, DateTime SentAt, int ExpertCount);
}
