using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Shared.Text;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;
using Quartz;

namespace PdE.Solicitations.Features.RequestForm.RelaunchUnfinishedRequests;

/// <summary>
/// Every hour, relaunches the requests left at step 1: once a day after they were started, once more the day after, each
/// time with a new private link back to the form (its hash in <c>resume_link</c>). Not when the same address has sent a
/// request since (the person finished another way), and not past <see cref="GiveUpAfter"/> (a first run over old drafts
/// writes to nobody). Each draft is marked in the transaction that writes its event, under a row lock a concurrent run
/// skips: one e-mail per relaunch, however many hosts run the job.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RelaunchUnfinishedRequestsJob(NpgsqlDataSource dataSource, TimeProvider clock, IOptions<SiteOptions> site) : IJob
{
    public const string Key = "relaunch-unfinished-requests";
    public const string CronSetting = "Solicitations:RelaunchCron";

    /// <summary>At 5 past every hour.</summary>
    public const string DefaultCron = "0 5 * * * ?";

    public static readonly TimeSpan FirstAfter = TimeSpan.FromDays(1);

    public static readonly TimeSpan SecondAfter = TimeSpan.FromDays(2);

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(4);

    private const int BatchSize = 200;

    // The first relaunch a day after the start, the second a day after the first (and two days after the start).
    private const string MarkDue = """
        with due as (
            select s.id
            from solicitations.solicitation s
            where s.status = 'draft' and s.relaunch_count < 2 and s.created_at > @GiveUpBefore
              and ((s.relaunch_count = 0 and s.created_at <= @FirstBefore)
                   or (s.relaunch_count = 1 and s.created_at <= @SecondBefore and s.relaunched_at <= @FirstBeforeNow))
            order by s.created_at
            limit @BatchSize
            for update skip locked
        ),
        finished_since as (
            select d.id from due d join solicitations.solicitation s on s.id = d.id
            where exists (select 1 from solicitations.solicitation o
                          where o.status <> 'draft' and lower(o.email) = lower(s.email) and o.submitted_at > s.created_at)
        )
        update solicitations.solicitation s
        set relaunch_count = case when s.id in (select id from finished_since) then 2 else s.relaunch_count + 1 end, relaunched_at = @Now
        from due
        where s.id = due.id
        returning s.id as Id, s.full_name as FullName, s.email as Email, s.created_at as StartedAt,
                  s.relaunch_count as Attempt, s.id in (select id from finished_since) as FinishedSince
        """;

    private const string StoreLink = "insert into solicitations.resume_link (token_hash, solicitation_id, issued_at) values (@Hash, @Id, @Now)";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await RelaunchAsync(cancellationToken), "demande relancée", "demandes relancées");

    /// <returns>How many relaunch e-mails were asked for in this run.</returns>
    public async Task<int> RelaunchAsync(CancellationToken cancellationToken)
    {
        var relaunched = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var due = (await connection.QueryAsync<DueDraft>(new CommandDefinition(MarkDue, new
            {
                Now = now,
                FirstBefore = now - FirstAfter,
                SecondBefore = now - SecondAfter,
                FirstBeforeNow = now - FirstAfter + TimeSpan.FromHours(4),
                GiveUpBefore = now - GiveUpAfter,
                BatchSize,
            }, transaction, cancellationToken: cancellationToken))).AsList();
            foreach (var draft in due.Where(d => !d.FinishedSince))
            {
                var token = PrivateLinkToken.Create();
                await connection.ExecuteAsync(new CommandDefinition(
                    StoreLink, new { Hash = PrivateLinkToken.Hash(token), draft.Id, Now = now }, transaction, cancellationToken: cancellationToken));
                await transaction.EnqueueAsync(SolicitationsSchema.Name, new UnfinishedRequestRelaunched(
                    Guid.CreateVersion7(), draft.Id, draft.FullName, draft.Email, draft.StartedAt,
                    site.Value.Url($"ma-demande/{token}"), draft.Attempt));
                relaunched++;
            }

            await transaction.CommitAsync(cancellationToken);
            if (due.Count < BatchSize)
            {
                return relaunched;
            }
        }
    }

    private sealed record DueDraft(Guid Id, string FullName, string Email, DateTime StartedAt, int Attempt, bool FinishedSince);
}
