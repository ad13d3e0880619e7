using Dapper;
using Npgsql;
using Quartz;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Records every run of every scheduled job in <c>quartz.job_run</c> (migrations/quartz/0002), with its outcome and the
/// summary the job leaves in <see cref="IJobExecutionContext.Result"/> (a French sentence such as « 3 e-mails écrits »),
/// for the admins' page of the jobs. A failure to record is logged, never the job's failure.
/// </summary>
internal sealed class JobRunRecorder(NpgsqlDataSource dataSource, ILogger<JobRunRecorder> logger) : IJobListener
{
    /// <summary>How many runs of each job are kept: a job firing every 15 seconds keeps its last 25 minutes.</summary>
    public const int KeptPerJob = 100;

    private const string Record = """
        insert into quartz.job_run (job, host, started_at, finished_at, succeeded, summary, error)
        values (@Job, @Host, @StartedAt, now(), @Succeeded, @Summary, @Error);
        delete from quartz.job_run
        where job = @Job and id <= (select id from quartz.job_run where job = @Job order by id desc offset @Kept limit 1);
        """;

    public string Name => "pde-job-runs";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await connection.ExecuteAsync(Record, new
            {
                Job = context.JobDetail.Key.Name,
                Host = Environment.MachineName,
                StartedAt = context.FireTimeUtc.UtcDateTime,
                Succeeded = jobException is null,
                Summary = context.Result?.ToString(),
                Error = (jobException?.InnerException ?? jobException)?.Message,
                Kept = KeptPerJob,
            });
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Run of job {Job} not recorded: {Reason}", context.JobDetail.Key.Name, ex.Message);
        }
    }
}
