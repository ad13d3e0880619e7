using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Matching.Features.Reminders;

/// <summary>
/// J+45: every morning, the needs sent <see cref="After"/> ago that still no expert has taken in charge get
/// <see cref="NeedUnanswered"/>: the requester is told, kindly, that no advisor could answer and what to do next (the
/// experts' matches are « expirés » in their inboxes from that day on). Within a week of the due day only, like D+9.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class TellRequestersNobodyAnsweredJob(NpgsqlDataSource dataSource, TimeProvider clock) : IJob
{
    public const string Key = "tell-requesters-nobody-answered";
    public const string CronSetting = "Matching:NobodyAnsweredCron";

    public static readonly TimeSpan After = TimeSpan.FromDays(45);

    private const string MarkDue = """
        with due as (
            select n.id
            from matching.need n
            where n.status = 'quo' and n.requester_unanswered_told_at is null
              and n.created_at <= @SentBefore
              and (select min(m.sent_at) from matching.match m where m.need_id = n.id) between @SentAfter and @SentBefore
            order by n.created_at
            limit @BatchSize
            for update of n skip locked
        )
        update matching.need n set requester_unanswered_told_at = @Now
        from due
        where n.id = due.id
        returning n.id as NeedId, n.solicitation_id as SolicitationId,
                  (select min(m.sent_at) from matching.match m where m.need_id = n.id) as SentAt
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await TellAsync(cancellationToken), "demandeur prévenu", "demandeurs prévenus");

    /// <returns>How many requesters were told (events written) in this run.</returns>
    public Task<int> TellAsync(CancellationToken cancellationToken) =>
        DueReminders.TellAsync<DueNeed>(dataSource, clock, MarkDue,
            now => new { Now = now, SentBefore = now - After, SentAfter = now - After - RemindWaitingRequestersJob.Grace, DueReminders.BatchSize },
            (due, _) => Task.FromResult(due.Select(need =>
                (INotification)new NeedUnanswered(Guid.CreateVersion7(), need.NeedId, need.SolicitationId, need.SentAt))),
            cancellationToken);

    private sealed record DueNeed(Guid NeedId, Guid SolicitationId, DateTime SentAt);
}
