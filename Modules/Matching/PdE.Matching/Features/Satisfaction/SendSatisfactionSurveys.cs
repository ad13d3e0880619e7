using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Features.Reminders;
using PdE.Matching.Matches;
using PdE.Shared.Text;
using PdE.Shared.Web;
using Quartz;

namespace PdE.Matching.Features.Satisfaction;

/// <summary>
/// Every morning, the needs an expert closed with help <see cref="After"/> ago get their satisfaction survey: a private link
/// (<see cref="SatisfactionSurveyDue"/>, which Notifications e-mails to the requester). Once per need, whatever the hosts:
/// the survey's row is written in the transaction that writes the event, and a need already surveyed is skipped. Needs
/// closed more than <see cref="RemindWaitingRequestersJob.Grace"/> before the due day are left alone, as for the reminders.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SendSatisfactionSurveysJob(NpgsqlDataSource dataSource, TimeProvider clock, IServiceScopeFactory scopes) : IJob
{
    public const string Key = "send-satisfaction-surveys";
    public const string CronSetting = "Matching:SatisfactionSurveysCron";

    public static readonly TimeSpan After = TimeSpan.FromDays(10);

    // The need rows are locked (skip locked): a run on another host takes other needs. One that another host surveyed
    // between this statement's snapshot and its lock is caught by the survey's key (on conflict: no event).
    private const string SelectDue = """
        select n.id as NeedId, n.solicitation_id as SolicitationId, n.company_name as CompanyName, n.subject_slug as SubjectSlug,
               (select min(m.closed_at) from matching.match m where m.need_id = n.id and m.status = 'done') as ClosedAt,
               (select string_agg(m.expert_name || ' (' || m.antenne_name || ')', ', ' order by m.closed_at)
                from matching.match m where m.need_id = n.id and m.status = 'done') as HelpedBy
        from matching.need n
        where n.id in (select m.need_id from matching.match m where m.status = 'done' and m.closed_at between @ClosedAfter and @ClosedBefore)
          and n.anonymised_at is null
          and not exists (select 1 from matching.satisfaction_survey s where s.need_id = n.id)
        order by n.created_at
        limit @BatchSize
        for update of n skip locked
        """;

    private const string Record = """
        insert into matching.satisfaction_survey (need_id, token_hash, sent_at)
        values (@NeedId, @TokenHash, @Now)
        on conflict (need_id) do nothing
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await SendAsync(cancellationToken), "questionnaire envoyé", "questionnaires envoyés");

    /// <returns>How many surveys were written (one event each) in this run.</returns>
    public Task<int> SendAsync(CancellationToken cancellationToken) =>
        DueReminders.TellAsync<DueNeed>(dataSource, clock, SelectDue,
            now => new { ClosedBefore = now - After, ClosedAfter = now - After - RemindWaitingRequestersJob.Grace, DueReminders.BatchSize },
            async (due, transaction, now, ct) =>
            {
                if (due.Count == 0)
                {
                    return [];
                }

                var labels = await SubjectLabels.LoadAsync(scopes, ct);
                var events = new List<INotification>();
                foreach (var need in due)
                {
                    var token = PrivateLinkToken.Create();
                    if (await transaction.Connection!.ExecuteAsync(new CommandDefinition(Record,
                            new { need.NeedId, TokenHash = PrivateLinkToken.Hash(token), Now = now }, transaction, cancellationToken: ct)) == 1)
                    {
                        events.Add(new SatisfactionSurveyDue(Guid.CreateVersion7(), need.NeedId, need.SolicitationId, need.CompanyName,
                            labels.GetValueOrDefault(need.SubjectSlug), need.HelpedBy, need.ClosedAt, SurveyPath(token)));
                    }
                }

                return events;
            },
            cancellationToken);

    /// <summary>Where the requester answers (site-relative).</summary>
    public static string SurveyPath(string token) => $"/satisfaction/{token}";

    private sealed record DueNeed(Guid NeedId, Guid SolicitationId, string? CompanyName, string SubjectSlug, DateTime ClosedAt, string HelpedBy);
}
