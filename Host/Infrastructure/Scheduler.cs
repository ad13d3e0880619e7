using Dapper;
using Npgsql;
using PdE.Shared.Db;
using Quartz;

namespace PdE.Host.Infrastructure;

/// <summary>
/// The modules' scheduled jobs run on Quartz's ADO.NET job store in the <c>quartz</c> schema, clustered, so that each
/// firing runs on one host however many share the database (README, "How the code is organised"). Modules only declare their jobs.
/// </summary>
internal static class Scheduler
{
    public const string SchemaName = "quartz";

    // Matches migrations/quartz/0001_create_quartz_tables.sql; index names take the part after the dot.
    public const string TablePrefix = SchemaName + ".qrtz_";

    public static IServiceCollection AddPdEScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var settings = configuration.GetSection("Scheduler").Get<SchedulerSettings>() ?? new SchedulerSettings();
        services.AddModuleSchema(new ModuleSchema(SchemaName, typeof(Scheduler).Assembly, HasOutbox: false));
        services.AddQuartz(quartz =>
        {
            quartz.AddJobListener<JobRunRecorder>();
            quartz.UsePersistentStore(store =>
            {
                // Same session settings as the data source: a frozen host cannot keep the scheduler's row locks for long.
                store.UsePostgres(NpgsqlFactory.Instance, ConnectionSettings.Apply(connectionString));
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = TablePrefix;
                    options.MisfireThreshold = settings.MisfireThreshold;
                });
                // Instance ids are generated (host name + clock), so every host and every restart is a distinct node.
                store.UseClustering(clustering =>
                {
                    clustering.CheckinInterval = settings.CheckinInterval;
                    clustering.CheckinMisfireThreshold = settings.CheckinInterval * 2;
                });
            });
        });
        // Every host declares the same jobs at start. Replacing the stored trigger each time recomputes its next fire
        // time and can fire a slot twice (Quartz 4 in clustered mode), so a stored trigger is kept as it is.
        services.Configure<QuartzOptions>(options => options.Scheduling.IgnoreDuplicates = true);
        services.AddHostedService<SchedulerDeclaration>();
        // Started right after migrations and the declaration, not after the server: /health/ready then sees it running.
        services.AddQuartzHostedService(options =>
        {
            options.WaitForJobsToComplete = true;
            options.AwaitApplicationStarted = false;
        });
        services.AddHealthChecks().AddQuartz(options =>
        {
            options.Name = "scheduler";
            options.Tags.Add("ready");
        });
        return services;
    }
}

internal sealed class SchedulerSettings
{
    /// <summary>How often a host tells the cluster it is alive; a host silent for twice as long has its jobs recovered.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A firing later than this (host down, all threads busy) follows the trigger's misfire rule instead.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Builds the scheduler, which stores the modules' declared jobs and triggers, under a PostgreSQL advisory lock. Quartz
/// checks whether a trigger exists and then adds it; two hosts starting together would both find none, and the
/// loser replaces the winner's trigger (Quartz falls back to a reschedule), which can fire a slot twice.
/// Runs after <see cref="DatabaseStartup"/> (the tables exist) and before Quartz's hosted service starts the scheduler.
/// </summary>
internal sealed class SchedulerDeclaration(ISchedulerFactory schedulerFactory, NpgsqlDataSource dataSource, ILogger<SchedulerDeclaration> logger)
    : IHostedService
{
    // Arbitrary but fixed: every PdE host must agree on it (and differ from the migration lock).
    private const long DeclarationLockKey = 0x50644500_51525447;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_lock(@key)", new { key = DeclarationLockKey }, cancellationToken: cancellationToken));
        try
        {
            var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
            foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), cancellationToken))
            {
                // A stored trigger is kept across restarts: say which schedule is in force, in case configuration changed.
                if (await scheduler.GetTrigger(key, cancellationToken) is ICronTrigger trigger)
                {
                    logger.LogInformation("Scheduled job {Job}: cron {Cron}, next run {NextRun:u}",
                        trigger.JobKey, trigger.CronExpressionString, trigger.NextFireTimeUtc);
                }
            }
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = DeclarationLockKey });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
