using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Notifications.Data;
using PdE.Notifications.Delivery;
using PdE.Shared.Outbox;
using PdE.Shared.Text;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;
using Quartz;

namespace PdE.Notifications.Features.NotifyCompanyOfAnswer;

/// <summary>The match statuses the company is told about, and what its e-mail says of each.</summary>
internal static class CompanyNotice
{
    public const string TakingCare = "taking_care";
    public const string Done = "done";
    public const string DoneNoHelp = "done_no_help";
    public const string DoneNotReachable = "done_not_reachable";

    /// <summary>An answer is told this long after it was received, if it still holds: an undo within it sends nothing.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMinutes(1);

    public static bool IsTold(string status) => status is TakingCare or Done or DoneNoHelp or DoneNotReachable;

    /// <summary>
    /// Whether the company should hear of <paramref name="status"/>, having last heard of <paramref name="told"/>: a status
    /// it was already told is not told again, and « pris en charge » only opens the conversation (a closure undone back to
    /// « en cours » is not news to the company).
    /// </summary>
    public static bool ShouldTell(string status, string? told) => IsTold(status) && status != told && !(status == TakingCare && told is not null);

    public static string Subject(string status) => status switch
    {
        TakingCare => "Votre demande est prise en charge",
        Done => "Votre demande : un conseiller vous a proposé une aide",
        DoneNoHelp => "Votre demande : pas d’aide possible de ce conseiller",
        _ => "Votre demande : un conseiller n’a pas pu vous joindre",
    };
}

/// <summary>
/// On every answer of an expert, (re)schedules the company's e-mail about its match: an answer the company should hear
/// of (taken in charge, closed with help, without help, unreachable) is due <see cref="CompanyNotice.Delay"/> later and
/// replaces whatever was waiting; any other answer (an undo, a refusal) cancels what was waiting. The e-mail itself goes
/// with <see cref="SendCompanyNoticesJob"/>. Once per event; an event older than the last one applied changes nothing.
/// </summary>
internal sealed class ScheduleCompanyNoticeHandler(NpgsqlDataSource dataSource, TimeProvider clock) : INotificationHandler<MatchStatusChanged>
{
    // A first row for the match, or nothing when it exists; then the row is locked, so answers to one match apply one at a time.
    private const string Ensure = """
        insert into notifications.company_notice (match_id, solicitation_id, expert_name, institution_name, last_changed_at)
        values (@MatchId, @SolicitationId, @ExpertName, @InstitutionName, null)
        on conflict (match_id) do nothing
        """;

    private const string Lock = """
        select last_changed_at as LastChangedAt, notified_status as NotifiedStatus
        from notifications.company_notice where match_id = @MatchId
        for update
        """;

    private const string Schedule = """
        update notifications.company_notice
        set expert_name = @ExpertName, institution_name = @InstitutionName, last_changed_at = @ChangedAt,
            pending_status = @Pending, due_at = @DueAt
        where match_id = @MatchId
        """;

    public async ValueTask Handle(MatchStatusChanged changed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(NotificationsSchema.Name, changed.EventId, nameof(ScheduleCompanyNoticeHandler)))
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(Ensure,
            new { changed.MatchId, changed.SolicitationId, changed.ExpertName, changed.InstitutionName }, transaction, cancellationToken: cancellationToken));
        var notice = await connection.QuerySingleAsync<(DateTime? LastChangedAt, string? NotifiedStatus)>(
            new CommandDefinition(Lock, new { changed.MatchId }, transaction, cancellationToken: cancellationToken));
        if (notice.LastChangedAt is null || notice.LastChangedAt <= changed.ChangedAt)
        {
            var tell = CompanyNotice.ShouldTell(changed.NewStatus, notice.NotifiedStatus);
            await connection.ExecuteAsync(new CommandDefinition(Schedule, new
            {
                changed.MatchId, changed.ExpertName, changed.InstitutionName, changed.ChangedAt,
                Pending = tell ? changed.NewStatus : null,
                DueAt = tell ? clock.GetUtcNow().UtcDateTime + CompanyNotice.Delay : (DateTime?)null,
            }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>
/// Sends the company e-mails that are due: the answer held for <see cref="CompanyNotice.Delay"/>. Each due row is locked
/// while its e-mail is written and marked told in the same transaction, so it goes once, whichever host runs the job, and
/// an answer arriving meanwhile waits for it. The requester's address is asked from Solicitations at that moment (it stays
/// there); a request gone by then is marked told without an e-mail. Runs on a Quartz trigger every few seconds.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SendCompanyNoticesJob(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, EmailQueue emails, IOptions<SiteOptions> site, TimeProvider clock,
    ILogger<SendCompanyNoticesJob> logger) : IJob
{
    public const string Key = "send-company-notices";
    public const string CronSetting = "Notifications:CompanyNoticesCron";
    public const string DefaultCron = "0/15 * * * * ?";

    private const int BatchSize = 50;

    private const string ClaimDue = """
        select match_id as MatchId, solicitation_id as SolicitationId, expert_name as ExpertName, institution_name as InstitutionName,
               pending_status as Status, due_at as DueAt
        from notifications.company_notice
        where pending_status is not null and due_at <= @Now
        order by due_at
        limit @BatchSize
        for update skip locked
        """;

    private const string MarkTold = """
        update notifications.company_notice
        set notified_status = pending_status, notified_at = @Now, pending_status = null, due_at = null
        where match_id = @MatchId
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await SendDueAsync(cancellationToken), "e-mail écrit", "e-mails écrits");

    /// <returns>How many e-mails were written in this run.</returns>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var due = (await connection.QueryAsync<DueNotice>(
                new CommandDefinition(ClaimDue, new { Now = now, BatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
            foreach (var notice in due)
            {
                if (await mediator.Send(new GetRequesterContact(notice.SolicitationId), cancellationToken) is { } requester)
                {
                    // One e-mail per answer held: the row's due instant tells this answer from a later one of the same match.
                    await emails.QueueAsync(transaction, $"company-notice/{notice.MatchId}/{notice.Status}/{notice.DueAt:O}",
                        new OutgoingEmail("CompanyNotice", requester.Email, CompanyNotice.Subject(notice.Status), notice.MatchId),
                        new
                        {
                            requester.FullName,
                            notice.ExpertName,
                            notice.InstitutionName,
                            notice.Status,
                            FollowUpUrl = site.Value.Url("/suivi"),
                        },
                        cancellationToken);
                    written++;
                    logger.LogInformation("Company of request {SolicitationId} told of match {MatchId}: {Status}", notice.SolicitationId, notice.MatchId, notice.Status);
                }
                else
                {
                    logger.LogWarning("Company of request {SolicitationId} not told of match {MatchId} ({Status}): the request is gone",
                        notice.SolicitationId, notice.MatchId, notice.Status);
                }

                await connection.ExecuteAsync(new CommandDefinition(MarkTold, new { notice.MatchId, Now = now }, transaction, cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            if (due.Count < BatchSize)
            {
                return written;
            }
        }
    }

    private sealed record DueNotice(Guid MatchId, Guid SolicitationId, string ExpertName, string InstitutionName, string Status, DateTime DueAt);
}
