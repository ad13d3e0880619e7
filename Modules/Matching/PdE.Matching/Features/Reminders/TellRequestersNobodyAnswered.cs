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

    private static readonly string MarkDue = DueReminders.MarkNeedsNobodyTook("requester_unanswered_told_at");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await TellAsync(cancellationToken), "demandeur prévenu", "demandeurs prévenus");

    /// <returns>How many requesters were told (events written) in this run.</returns>
    public Task<int> TellAsync(CancellationToken cancellationToken) =>
        DueReminders.TellAsync<DueReminders.DueNeed>(dataSource, clock, MarkDue,
            now => new { Now = now, SentBefore = now - After, SentAfter = now - After - RemindWaitingRequestersJob.Grace, DueReminders.BatchSize },
            (due, _) => Task.FromResult(due.Select(need =>
                (INotification)new NeedUnanswered(Guid.CreateVersion7(), need.NeedId, need.SolicitationId, need.SentAt))),
            cancellationToken);
}
