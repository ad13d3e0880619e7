using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace PdE.Host.Tests.Scheduling;

/// <summary>
/// A test-only job that writes one row per firing (its scheduled time and the node that ran it), declared by every
/// test host the way modules declare theirs: same job and trigger keys on every host.
/// </summary>
public sealed class SchedulerProbeJob(NpgsqlDataSource dataSource) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "insert into public.scheduler_probe (scheduled_ticks, instance_id) values (@ticks, @instance)",
            new { ticks = context.ScheduledFireTimeUtc!.Value.UtcTicks, instance = context.Scheduler.SchedulerInstanceId });
    }
}

internal static class SchedulerProbe
{
    public const string Key = "scheduler-probe";
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    // A node that finds nothing to acquire looks again after the idle wait (30 s by default); 1 s lets a second
    // host take over within the test's few seconds.
    public static Action<IServiceCollection> Declare => services => services.AddQuartz(quartz => quartz
        .ConfigureScheduler(scheduler => scheduler.IdleWaitTime = TimeSpan.FromSeconds(1))
        .ScheduleJob<SchedulerProbeJob>(trigger => trigger
            .WithIdentity(Key)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule.WithInterval(Interval).RepeatForever())));

    public static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("create table public.scheduler_probe (scheduled_ticks bigint not null, instance_id text not null)");
    }

    public static async Task<List<(long ScheduledTicks, string InstanceId)>> FiringsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<(long, string)>(
            "select scheduled_ticks, instance_id from public.scheduler_probe order by scheduled_ticks")).AsList();
    }

    /// <summary>Waits until the probe has fired at least <paramref name="count"/> times in all (or the deadline passes).</summary>
    public static async Task<int> WaitForFiringsAsync(string connectionString, int count, TimeSpan? timeout = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        int fired;
        while ((fired = await connection.ExecuteScalarAsync<int>("select count(*) from public.scheduler_probe")) < count
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return fired;
    }
}
