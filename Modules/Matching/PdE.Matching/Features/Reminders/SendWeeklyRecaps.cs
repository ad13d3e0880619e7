using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Matching.Features.Reminders;

/// <summary>
/// Every Monday morning, each expert with needs waiting for an answer (sent, not answered, not yet expired) gets
/// <see cref="ExpertNeedsWaiting"/>: how many, and since when the oldest waits. Once per expert and week: the week is
/// recorded (<c>matching.weekly_recap</c>) in the transaction that writes the event.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SendWeeklyRecapsJob(NpgsqlDataSource dataSource, TimeProvider clock) : IJob
{
    public const string Key = "send-weekly-recaps";
    public const string CronSetting = "Matching:WeeklyRecapCron";

    /// <summary>Waiting matches older than this are expired (the inbox's « Expirés »): no longer recalled.</summary>
    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromDays(45);

    private const string MarkDue = """
        with waiting as (
            select m.expert_id, max(m.expert_name) as expert_name, max(m.expert_email) as expert_email,
                   count(*)::int as waiting_count, min(m.sent_at) as oldest_sent_at
            from matching.match m
            where m.status = 'quo' and m.sent_at > @ExpiredBefore and m.sent_at <= @Now
            group by m.expert_id
        ),
        recorded as (
            insert into matching.weekly_recap (expert_id, week_start)
            select w.expert_id, @WeekStart from waiting w
            where not exists (select 1 from matching.weekly_recap r where r.expert_id = w.expert_id and r.week_start = @WeekStart)
            order by w.expert_id
            limit @BatchSize
            on conflict do nothing
            returning expert_id
        )
        select w.expert_id as ExpertId, w.expert_name as ExpertName, w.expert_email as ExpertEmail,
               w.waiting_count as WaitingCount, w.oldest_sent_at as OldestSentAt
        from waiting w join recorded r on r.expert_id = w.expert_id
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await SendAsync(cancellationToken), "récapitulatif écrit", "récapitulatifs écrits");

    /// <returns>How many experts got their recap (events written) in this run.</returns>
    public Task<int> SendAsync(CancellationToken cancellationToken)
    {
        DateOnly weekStart = default;
        return DueReminders.TellAsync<Waiting>(dataSource, clock, MarkDue,
            now =>
            {
                weekStart = WeekStartOf(now);
                return new { Now = now, ExpiredBefore = now - ExpiresAfter, WeekStart = weekStart, DueReminders.BatchSize };
            },
            (due, _) => Task.FromResult(due.Select(expert => (INotification)new ExpertNeedsWaiting(
                Guid.CreateVersion7(), expert.ExpertId, expert.ExpertName, expert.ExpertEmail, expert.WaitingCount, expert.OldestSentAt,
                weekStart, "/conseiller/besoins"))),
            cancellationToken);
    }

    /// <summary>The Monday (Paris) of the week of <paramref name="utc"/>.</summary>
    public static DateOnly WeekStartOf(DateTime utc)
    {
        var day = DateOnly.FromDateTime(French.ToParis(utc));
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private sealed record Waiting(Guid ExpertId, string ExpertName, string ExpertEmail, int WaitingCount, DateTime OldestSentAt);
}
