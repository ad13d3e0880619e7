using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Solicitations.Features.Companies.CheckCompanyRegisters;

/// <summary>
/// Asks whether the company of each sent request is in the RCS and the RM, after submission so the public form never
/// waits for it, and stores the answer on the request (the triage desk's "neither RCS nor RM" flag). An unknown answer
/// from a failing source is asked again later, with a growing delay, at most <see cref="MaxAttempts"/> times.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class CheckCompanyRegistersJob(
    NpgsqlDataSource dataSource, ICompanyRegisters registers, TimeProvider clock, ILogger<CheckCompanyRegistersJob> logger) : IJob
{
    /// <summary>The Quartz job's name, to trigger it by hand (operators, tests).</summary>
    public const string Key = "check-company-registers";

    public const string CronSetting = "Solicitations:RegistersCron";
    public const string DefaultCron = "0 2/5 * * * ?";
    public const int MaxAttempts = 6;

    /// <summary>Delay before the second attempt; it doubles at each failure (15 min, 30 min, 1 h, 2 h, 4 h).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMinutes(15);

    private const int BatchSize = 50;

    // Claims a batch for a while (a lease), so that another host running the same job skips these rows.
    private const string ClaimDue = """
        update solicitations.solicitation s set registers_next_attempt = @LeaseUntil
        from (select id from solicitations.solicitation
              where registers_checked_at is null and siret is not null and status <> 'draft'
                and registers_attempts < @MaxAttempts and (registers_next_attempt is null or registers_next_attempt <= @Now)
              order by registers_next_attempt nulls first, submitted_at
              limit @BatchSize
              for update skip locked) due
        where s.id = due.id
        returning s.id as Id, s.siret as Siret, s.registers_attempts as Attempts
        """;

    private const string Store = """
        update solicitations.solicitation
        set in_rcs = coalesce(@InRcs, in_rcs), in_rm = coalesce(@InRm, in_rm), registers_attempts = registers_attempts + 1,
            registers_checked_at = case when @Done then @Now end, registers_next_attempt = case when @Done then null else @NextAttempt end
        where id = @Id and registers_checked_at is null
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        context.Result = French.Count(await CheckAsync(cancellationToken), "demande vérifiée", "demandes vérifiées");

    /// <returns>How many requests got a final answer in this run.</returns>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var due = (await connection.QueryAsync<(Guid Id, string Siret, int Attempts)>(new CommandDefinition(ClaimDue,
            new { Now = now, LeaseUntil = now.AddMinutes(10), MaxAttempts, BatchSize }, cancellationToken: cancellationToken))).ToList();
        var done = 0;
        foreach (var (id, siret, attempts) in due)
        {
            var check = await registers.CheckAsync(siret, cancellationToken);
            var final = !check.WorthRetrying || (check.Rcs != Registration.Unknown && check.Rm != Registration.Unknown);
            var answeredAt = clock.GetUtcNow().UtcDateTime;
            await connection.ExecuteAsync(new CommandDefinition(Store, new
            {
                Id = id,
                InRcs = RegistersCheck.AsFlag(check.Rcs),
                InRm = RegistersCheck.AsFlag(check.Rm),
                Done = final,
                Now = answeredAt,
                NextAttempt = answeredAt + FirstRetryDelay * Math.Pow(2, attempts),
            }, cancellationToken: cancellationToken));
            if (final)
            {
                done++;
                logger.LogInformation("Company registers of request {SolicitationId} (SIRET {Siret}): RCS {Rcs}, RM {Rm}", id, siret, check.Rcs, check.Rm);
            }
            else if (attempts + 1 >= MaxAttempts)
            {
                logger.LogWarning(
                    "Company registers of request {SolicitationId} (SIRET {Siret}) still unknown after {Attempts} attempts (RCS {Rcs}, RM {Rm}): no more tries, "
                    + "the triage desk shows no register flag for it",
                    id, siret, MaxAttempts, check.Rcs, check.Rm);
            }
        }

        return done;
    }
}
