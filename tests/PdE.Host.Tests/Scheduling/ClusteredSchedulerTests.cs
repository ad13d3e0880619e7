using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PdE.Host.Infrastructure;
using PdE.Shared.Db;
using PdE.Shared.Migrations;
using PdE.Testing;
using Quartz;

namespace PdE.Host.Tests.Scheduling;

/// <summary>
/// Quartz runs on its ADO.NET job store in the <c>quartz</c> schema, clustered: every host declares the same jobs,
/// each firing runs on one of them, and the schedule outlives a restart.
/// </summary>
public sealed class ClusteredSchedulerTests
{
    private static readonly long IntervalTicks = SchedulerProbe.Interval.Ticks;

    [Test]
    public async Task Migrations_create_the_quartz_tables_and_the_modules_jobs_are_stored_there()
    {
        await using var app = await PdEApplication.StartAsync();
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);

        var tables = (await connection.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = 'quartz'")).ToList();
        Assert.That(tables, Is.SupersetOf(new[]
        {
            "qrtz_job_details", "qrtz_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers", "qrtz_fired_triggers",
            "qrtz_scheduler_state", "qrtz_locks", "schemaversions",
        }));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from information_schema.tables where table_schema = 'quartz' and table_name = 'outbox_message'"),
            Is.Zero, "the scheduler's schema has no outbox");
        Assert.That(await connection.QuerySingleAsync<string>(
            "select cron_expression from quartz.qrtz_cron_triggers where trigger_name = 'enrich-pending-solicitations'"),
            Is.EqualTo("0 0/5 * * * ?"), "a module's declared trigger is stored in PostgreSQL, not in memory");
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from quartz.qrtz_scheduler_state"), Is.EqualTo(1),
            "the running host checked in to the cluster");
    }

    [Test]
    public async Task Two_hosts_declaring_the_same_job_run_each_firing_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SchedulerProbe.CreateTableAsync(database.ConnectionString);

        PdEApplication? first = await PdEApplication.StartAsync(sharedDatabase: database, services: SchedulerProbe.Declare);
        try
        {
            await SchedulerProbe.WaitForFiringsAsync(database.ConnectionString, 1);
            await using var second = await PdEApplication.StartAsync(sharedDatabase: database, services: SchedulerProbe.Declare);
            var fired = await SchedulerProbe.WaitForFiringsAsync(database.ConnectionString, (await SchedulerProbe.FiringsAsync(database.ConnectionString)).Count + 4);
            // The first host leaves; the second one carries on alone.
            await first.DisposeAsync();
            first = null;
            await SchedulerProbe.WaitForFiringsAsync(database.ConnectionString, fired + 4);
        }
        finally
        {
            if (first is not null)
            {
                await first.DisposeAsync();
            }
        }

        var firings = await SchedulerProbe.FiringsAsync(database.ConnectionString);
        TestContext.Progress.WriteLine($"{firings.Count} firings, by instance: "
            + string.Join(", ", firings.GroupBy(f => f.InstanceId).Select(g => $"{g.Key} × {g.Count()}")));
        Assert.That(firings, Has.Count.GreaterThanOrEqualTo(9));
        Assert.That(firings.Select(f => f.InstanceId).Distinct().Count(), Is.EqualTo(2), "both hosts ran the job");
        Assert.That(firings.Select(f => f.ScheduledTicks), Is.Unique, "no firing ran on both hosts");
        // The second host's declaration did not replace the stored trigger (which would restart its schedule from
        // that host's start time): the firings stay on the first host's grid.
        Assert.That(firings.Select(f => (f.ScheduledTicks - firings[0].ScheduledTicks) % IntervalTicks), Has.All.Zero);
    }

    [Test]
    public async Task Hosts_declaring_at_the_same_instant_store_the_trigger_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var stores = new TriggerStoreCounter();
        var hosts = Enumerable.Range(0, 4).Select(_ => SchedulerServices(database.ConnectionString, stores)).ToList();
        try
        {
            await hosts[0].GetRequiredService<DatabaseMigrator>().MigrateAsync();

            // Quartz checks for the trigger and then adds it; a host losing that race falls back to replacing it.
            await Task.WhenAll(hosts.Select(host => Task.Run(() =>
                ActivatorUtilities.CreateInstance<SchedulerDeclaration>(host).StartAsync(CancellationToken.None))));

            Assert.That(stores.Scheduled, Is.EqualTo(1), "one host stored the trigger, the others found it");
            Assert.That(stores.Unscheduled, Is.Zero, "no host replaced it");
        }
        finally
        {
            foreach (var host in hosts)
            {
                await (await host.GetRequiredService<ISchedulerFactory>().GetScheduler()).Shutdown();
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>A host's database and scheduler services, as Program.cs registers them, without the web server.</summary>
    private static ServiceProvider SchedulerServices(string connectionString, TriggerStoreCounter stores)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddPdEDatabase(connectionString);
        services.AddPdEScheduler(new ConfigurationBuilder().Build(), connectionString);
        SchedulerProbe.Declare(services);
        services.AddQuartz(quartz => quartz.AddSchedulerListener(stores));
        return services.BuildServiceProvider();
    }

    private sealed class TriggerStoreCounter : ISchedulerListener
    {
        private int scheduled;
        private int unscheduled;

        public int Scheduled => scheduled;
        public int Unscheduled => unscheduled;

        public ValueTask JobScheduled(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref scheduled);
            return ValueTask.CompletedTask;
        }

        public ValueTask JobUnscheduled(IScheduler scheduler, TriggerKey triggerKey, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref unscheduled);
            return ValueTask.CompletedTask;
        }
    }

    [Test]
    public async Task The_stored_trigger_survives_a_restart_and_keeps_firing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SchedulerProbe.CreateTableAsync(database.ConnectionString);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        const string StoredTrigger = "select start_time from quartz.qrtz_triggers where trigger_name = @name";

        long startTime;
        int firedBeforeRestart;
        await using (var _ = await PdEApplication.StartAsync(sharedDatabase: database, services: SchedulerProbe.Declare))
        {
            await SchedulerProbe.WaitForFiringsAsync(database.ConnectionString, 2);
            startTime = await connection.QuerySingleAsync<long>(StoredTrigger, new { name = SchedulerProbe.Key });
        }

        firedBeforeRestart = (await SchedulerProbe.FiringsAsync(database.ConnectionString)).Count;
        await using (var _ = await PdEApplication.StartAsync(sharedDatabase: database, services: SchedulerProbe.Declare))
        {
            Assert.That(await connection.QuerySingleAsync<long>(StoredTrigger, new { name = SchedulerProbe.Key }), Is.EqualTo(startTime),
                "the restarted host kept the stored trigger instead of declaring a new one");
            var fired = await SchedulerProbe.WaitForFiringsAsync(database.ConnectionString, firedBeforeRestart + 2);
            Assert.That(fired, Is.GreaterThanOrEqualTo(firedBeforeRestart + 2), "the job runs again after the restart");
        }

        var firings = await SchedulerProbe.FiringsAsync(database.ConnectionString);
        Assert.That(firings.Select(f => f.InstanceId).Distinct().Count(), Is.EqualTo(2), "each start is a new cluster node");
        Assert.That(firings.Select(f => f.ScheduledTicks), Is.Unique);
    }

    [Test]
    public async Task The_readiness_check_reports_the_scheduler()
    {
        await using var app = await PdEApplication.StartAsync();
        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
        Assert.That(report.Entries, Does.ContainKey("scheduler"));
        Assert.That(report.Entries["scheduler"].Status, Is.EqualTo(HealthStatus.Healthy), report.Entries["scheduler"].Description);

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        var client = app.CreateClient();
        Assert.That(await client.GetStringAsync("/health/ready"), Is.EqualTo("Degraded"), "a scheduler that runs no job shows");
        await scheduler.Start();
        Assert.That(await client.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
    }
}
