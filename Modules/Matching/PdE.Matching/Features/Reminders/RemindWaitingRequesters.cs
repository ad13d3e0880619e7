using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Matching.Features.Reminders;

/// <summary>
/// D+9: every morning, the needs sent <see cref="After"/> ago that no expert has taken in charge (status still « quo »)
/// get <see cref="NeedStillWaiting"/>, so that their requesters hear the request is still followed. Needs sent more than
/// <see cref="Grace"/> before the due day are left alone: a job stopped for a while (or a first run over years of history)
/// does not write to requesters whose request is long past.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RemindWaitingRequestersJob(NpgsqlDataSource dataSource, TimeProvider clock) : IJob
{
    public const string Key = "remind-waiting-requesters";
    public const string CronSetting = "Matching:WaitingRequestersCron";

    public static readonly TimeSpan After = TimeSpan.FromDays(9);

    public static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    private static readonly string MarkDue = DueReminders.MarkNeedsNobodyTook("requester_reminded_at");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await RemindAsync(cancellationToken), "demandeur prévenu", "demandeurs prévenus");

    /// <returns>How many requesters were told (events written) in this run.</returns>
    public Task<int> RemindAsync(CancellationToken cancellationToken) =>
        DueReminders.TellAsync<DueReminders.DueNeed>(dataSource, clock, MarkDue,
            now => new { Now = now, SentBefore = now - After, SentAfter = now - After - Grace, DueReminders.BatchSize },
            (due, _) => Task.FromResult(due.Select(need =>
                (INotification)new NeedStillWaiting(Guid.CreateVersion7(), need.NeedId, need.SolicitationId, need.SentAt, need.ExpertCount))),
            cancellationToken);
}
