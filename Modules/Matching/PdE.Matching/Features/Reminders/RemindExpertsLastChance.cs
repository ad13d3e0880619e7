using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Matches;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Matching.Features.Reminders;

/// <summary>
/// J+21: every morning, each expert who has not answered a need sent <see cref="After"/> ago, which nobody else has taken
/// in charge either, gets <see cref="MatchLastChance"/>: a last e-mail before the match expires at J+45. Once per match,
/// within a week of the due day.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RemindExpertsLastChanceJob(NpgsqlDataSource dataSource, TimeProvider clock, IServiceScopeFactory scopes) : IJob
{
    public const string Key = "remind-experts-last-chance";
    public const string CronSetting = "Matching:LastChanceCron";

    public static readonly TimeSpan After = TimeSpan.FromDays(21);

    private const string MarkDue = """
        with due as (
            select m.id
            from matching.match m
            join matching.need n on n.id = m.need_id
            where m.status = 'quo' and m.last_chance_sent_at is null
              and m.sent_at between @SentAfter and @SentBefore
              and n.status = 'quo'
            order by m.sent_at
            limit @BatchSize
            for update of m skip locked
        )
        update matching.match m set last_chance_sent_at = @Now
        from due, matching.need n
        where m.id = due.id and n.id = m.need_id
        returning m.id as MatchId, m.need_id as NeedId, m.expert_name as ExpertName, m.expert_email as ExpertEmail,
                  n.company_name as CompanyName, n.subject_slug as SubjectSlug, m.sent_at as SentAt
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await RemindAsync(cancellationToken), "conseiller relancé", "conseillers relancés");

    /// <returns>How many experts were reminded (events written) in this run.</returns>
    public Task<int> RemindAsync(CancellationToken cancellationToken) =>
        DueReminders.TellAsync<DueMatch>(dataSource, clock, MarkDue,
            now => new { Now = now, SentBefore = now - After, SentAfter = now - After - RemindWaitingRequestersJob.Grace, DueReminders.BatchSize },
            async (due, ct) =>
            {
                if (due.Count == 0)
                {
                    return [];
                }

                var labels = await SubjectLabels.LoadAsync(scopes, ct);
                return due.Select(match => (INotification)new MatchLastChance(
                    Guid.CreateVersion7(), match.MatchId, match.NeedId, match.ExpertName, match.ExpertEmail, match.CompanyName,
                    labels.GetValueOrDefault(match.SubjectSlug), match.SentAt, DueReminders.NeedPath(match.NeedId)));
            },
            cancellationToken);

    private sealed record DueMatch(Guid MatchId, Guid NeedId, string ExpertName, string ExpertEmail, string? CompanyName, string SubjectSlug, DateTime SentAt);
}
