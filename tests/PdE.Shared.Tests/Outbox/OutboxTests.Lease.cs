using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PdE.Shared.Db;
using PdE.Shared.Outbox;
using PdE.Testing;

namespace PdE.Shared.Tests.Outbox;

/// <summary>
/// Claims with a time limit (issue 11, item 2). Two processors share one database as two hosts would; one of them freezes (its
/// receiver blocks, and its timers stop as under SIGSTOP) or is merely slow, with a short lease.
/// </summary>
public sealed partial class OutboxTests
{
    [TearDown]
    public void StopHolding() => Deliveries.Hold = null;

    [Test]
    public async Task A_frozen_host_keeps_its_claimed_events_from_the_others_no_longer_than_the_lease()
    {
        var lease = TimeSpan.FromSeconds(1);
        var events = await EnqueueThingsAsync(3);
        var frozenOn = new TaskCompletionSource<(Guid EventId, string Receiver)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Deliveries.Hold = async (eventId, receiver) =>
        {
            if (frozenOn.TrySetResult((eventId, receiver)))
            {
                await wake.Task;
            }
        };

        // Host A claims the three events and freezes in its first receiver call; its timers stop too, so it renews nothing.
        var frozenHost = Processor(lease, new StoppedTimers());
        var otherHost = Processor(lease, TimeProvider.System);
        // Started before host A claims: while less than the lease has passed on it, host A's claim must hold.
        var sinceClaim = Stopwatch.StartNew();
        var frozenDispatch = Task.Run(() => frozenHost.DispatchSchemaAsync(Deliveries.Schema));
        int frozenDelivered;
        try
        {
            var (frozenEvent, frozenReceiver) = await frozenOn.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var delivered = await otherHost.DispatchSchemaAsync(Deliveries.Schema);
            if (sinceClaim.Elapsed < lease * 0.8)
            {
                Assert.That(delivered, Is.Zero, "within its lease, the frozen host's claim holds");
            }

            while (delivered < events.Count)
            {
                Assert.That(sinceClaim.Elapsed, Is.LessThan(lease + TimeSpan.FromSeconds(10)),
                    $"the other host should deliver the frozen host's events once the lease ran out ({delivered} of {events.Count})");
                await Task.Delay(100);
                delivered += await otherHost.DispatchSchemaAsync(Deliveries.Schema);
            }

            Assert.That(await DeliveryCountsAsync(), Is.EqualTo((events.Count * 2, 1, 1)));
            Assert.That(await PendingCountAsync(), Is.Zero);
            Assert.That(Deliveries.Calls[(frozenEvent, frozenReceiver)], Is.EqualTo(2), "the event the frozen host was publishing went again");
        }
        finally
        {
            wake.TrySetResult();
            frozenDelivered = await frozenDispatch.WaitAsync(TimeSpan.FromSeconds(20));
        }

        // Awake, host A finishes its publishing, but the events are no longer its own: it marks nothing and publishes no more.
        Assert.That(frozenDelivered, Is.Zero);
        Assert.That(await DeliveryCountsAsync(), Is.EqualTo((events.Count * 2, 1, 1)), "its late receiver call changed nothing (inbox)");
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.That(await connection.QueryAsync<int>($"select attempts from {Deliveries.Schema}.outbox_message"), Has.All.EqualTo(1),
            "each event marked done once");
        var (frozenOnEvent, _) = await frozenOn.Task;
        Assert.That(events.Where(e => e.EventId != frozenOnEvent).Select(e => Deliveries.Calls[(e.EventId, nameof(FirstReceiver))]),
            Has.All.EqualTo(1), "the frozen host did not publish the events it had lost");
    }

    [Test]
    public async Task A_slow_publishing_keeps_its_event_while_the_rest_of_its_batch_goes_to_another_host_after_the_lease()
    {
        var lease = TimeSpan.FromSeconds(3);
        var events = await EnqueueThingsAsync(3);
        var slowOn = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Deliveries.Hold = async (eventId, _) =>
        {
            if (slowOn.TrySetResult(eventId))
            {
                await finish.Task;
            }
        };

        // Host A is alive but its first receiver takes longer than the lease: it renews that event's lease, not the others'.
        var slowHost = Processor(lease, TimeProvider.System);
        var otherHost = Processor(lease, TimeProvider.System);
        var slowDispatch = Task.Run(() => slowHost.DispatchSchemaAsync(Deliveries.Schema));
        int slowDelivered;
        try
        {
            var slowEvent = await slowOn.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var since = Stopwatch.StartNew();
            var delivered = 0;
            while (delivered < events.Count - 1)
            {
                Assert.That(since.Elapsed, Is.LessThan(lease + TimeSpan.FromSeconds(10)),
                    $"the other host should deliver the events the slow host had not started, after the lease ({delivered} of {events.Count - 1})");
                await Task.Delay(100);
                delivered += await otherHost.DispatchSchemaAsync(Deliveries.Schema);
            }

            await Task.Delay(lease);
            Assert.That(await otherHost.DispatchSchemaAsync(Deliveries.Schema), Is.Zero,
                "past a lease, the event being published is still the slow host's (renewed)");
            Assert.That(Deliveries.Calls.Keys.Count(k => k.Item1 == slowEvent), Is.EqualTo(1), "only the slow host's call so far");
        }
        finally
        {
            finish.TrySetResult();
            slowDelivered = await slowDispatch.WaitAsync(TimeSpan.FromSeconds(20));
        }

        Assert.That(slowDelivered, Is.EqualTo(1), "the slow host delivered the event it was publishing, and skipped those it lost");
        Assert.That(Deliveries.Calls.Values, Has.All.EqualTo(1), "every receiver called once per event");
        Assert.That(await DeliveryCountsAsync(), Is.EqualTo((events.Count * 2, 1, 1)));
        Assert.That(await PendingCountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_slow_event_holds_back_only_its_own_lane_of_the_batch()
    {
        var events = await EnqueueThingsAsync(4);
        var slowOn = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Deliveries.Hold = async (eventId, _) =>
        {
            if (slowOn.TrySetResult(eventId))
            {
                await finish.Task;
            }
        };

        // Two lanes of two events each, in the batch's order: the first event published is held in its lane.
        var dispatch = Task.Run(() => Processor(TimeSpan.FromMinutes(10), TimeProvider.System, lanes: 2).DispatchSchemaAsync(Deliveries.Schema));
        var held = await slowOn.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitForAsync(async () => (await DoneAsync(events)).Count == 2, "the other lane's two events published and marked done while one is held");
        Assert.That(await DoneAsync(events), Has.No.Member(held));
        Assert.That(events.Count(e => !Deliveries.Calls.Keys.Any(k => k.Item1 == e.EventId)), Is.EqualTo(1),
            "the held event's lane-mate waits behind it, not yet published");

        finish.TrySetResult();
        Assert.That(await dispatch.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(events.Count));
        Assert.That(Deliveries.Calls.Values, Has.All.EqualTo(1), "every receiver called once per event");
        Assert.That(await PendingCountAsync(), Is.Zero);
    }

    private static async Task<List<Guid>> DoneAsync(IEnumerable<ThingHappened> things)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Guid>(
            $"select id from {Deliveries.Schema}.outbox_message where id = any(@Ids) and processed_at is not null",
            new { Ids = things.Select(t => t.EventId).ToArray() })).AsList();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), $"waited 15 s for {what}");
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task A_stopping_host_hands_its_unstarted_events_back_at_once()
    {
        using var stopping = new CancellationTokenSource();
        var events = await EnqueueThingsAsync(3);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Deliveries.Hold = async (_, _) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, stopping.Token);
        };

        var stoppingHost = Processor(TimeSpan.FromMinutes(10), TimeProvider.System);
        var dispatch = Task.Run(() => stoppingHost.DispatchSchemaAsync(Deliveries.Schema, stopping.Token));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stopping.CancelAsync();
        try
        {
            await dispatch.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Fail("the dispatch should stop when the host stops");
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex.InnerException is OperationCanceledException)
        {
            // Mediator gathers the receivers' cancellations in an AggregateException.
        }

        Deliveries.Hold = null;
        Assert.That(await Processor(TimeSpan.FromMinutes(10), TimeProvider.System).DispatchSchemaAsync(Deliveries.Schema),
            Is.EqualTo(events.Count), "no need to wait for a ten-minute lease");
    }

    [Test]
    public async Task The_database_ends_a_transaction_a_frozen_host_left_idle_for_a_minute()
    {
        // Whatever else holds a transaction open (a handler of a host frozen mid-way), PostgreSQL ends it and frees its locks.
        await using var connection = await DataSource.OpenConnectionAsync();

        Assert.That(await connection.ExecuteScalarAsync<string>("show idle_in_transaction_session_timeout"), Is.EqualTo("1min"));
        if (await connection.ExecuteScalarAsync<bool>("select inet_client_addr() is not null"))
        {
            // Over TCP only: a Unix socket has no keepalives, and PostgreSQL shows 0 there.
            Assert.That(await connection.ExecuteScalarAsync<string>("show tcp_keepalives_idle"), Is.EqualTo("30"));
        }
    }

    /// <param name="lanes">How many events the host publishes at once (Outbox:Concurrency). With one, the whole batch is one
    /// lane: what the tests of leases describe happens to every lane of a batch.</param>
    private static OutboxProcessor Processor(TimeSpan lease, TimeProvider time, int lanes = 1) => new(
        DataSource,
        host.Services.GetServices<ModuleSchema>(),
        host.Services.GetRequiredService<IServiceScopeFactory>(),
        host.Services.GetRequiredService<OutboxWakeups>(),
        Options.Create(new OutboxOptions { Lease = lease, Concurrency = lanes }),
        time,
        host.Services.GetRequiredService<ILogger<OutboxProcessor>>());

    private static async Task<List<ThingHappened>> EnqueueThingsAsync(int count)
    {
        var events = Enumerable.Range(0, count).Select(i => new ThingHappened(Guid.NewGuid(), $"thing {i}")).ToList();
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var e in events)
        {
            await transaction.EnqueueAsync(Deliveries.Schema, e);
        }

        await transaction.CommitAsync();
        return events;
    }

    /// <summary>A clock whose timers never fire: a frozen host's lease renewals stop, as they would under SIGSTOP.</summary>
    private sealed class StoppedTimers : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverFires();

        private sealed class NeverFires : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

public sealed partial class OutboxTests
{
    [Test]
    public async Task An_event_another_transaction_is_still_recording_fails_fast_instead_of_stalling_the_dispatch()
    {
        var eventId = Guid.NewGuid();
        await using var frozen = await DataSource.OpenConnectionAsync();
        await using var frozenWork = await frozen.BeginTransactionAsync();
        Assert.That(await frozenWork.TryMarkProcessedAsync(Deliveries.Schema, eventId, "Receiver"), Is.True, "a host records the event, then freezes");

        await using var other = await DataSource.OpenConnectionAsync();
        await using var otherWork = await other.BeginTransactionAsync();
        var waited = Stopwatch.StartNew();
        InvalidOperationException? failure = null;
        try
        {
            await otherWork.TryMarkProcessedAsync(Deliveries.Schema, eventId, "Receiver").WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (InvalidOperationException ex)
        {
            failure = ex;
        }

        Assert.That(failure?.Message, Does.Contain(eventId.ToString()).And.Contain("another transaction"));
        Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "bounded by Inbox.LockWait, not by the frozen host's session");
        await frozenWork.RollbackAsync();
    }
}

public sealed partial class OutboxTests
{
    [Test]
    public async Task A_new_event_is_dispatched_at_once_not_at_the_next_poll()
    {
        var dispatcher = await StartListeningDispatcherAsync();
        try
        {
            var events = await EnqueueThingsAsync(1);

            var dispatched = Stopwatch.StartNew();
            await WaitUntilAsync(() => Deliveries.Calls.Keys.Count(k => k.Item1 == events[0].EventId) == 2);
            Assert.That(dispatched.Elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), "the poll is ten minutes away");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task An_event_written_in_a_wakeup_scope_is_not_notified_and_wakes_this_hosts_loop_when_the_scope_ends()
    {
        var dispatcher = await StartListeningDispatcherAsync();
        await using var listener = await DataSource.OpenConnectionAsync();
        var heard = new ConcurrentQueue<string>();
        listener.Notification += (_, notification) => heard.Enqueue(notification.Payload);
        await listener.ExecuteAsync($"listen {OutboxDispatcher.Channel}");
        try
        {
            List<ThingHappened> events;
            using (host.Services.GetRequiredService<OutboxWakeups>().Begin())
            {
                events = await EnqueueThingsAsync(1);
            }

            var dispatched = Stopwatch.StartNew();
            await WaitUntilAsync(() => Deliveries.Calls.Keys.Count(k => k.Item1 == events[0].EventId) == 2);
            Assert.That(dispatched.Elapsed, Is.LessThan(TimeSpan.FromMinutes(1)), "the poll is ten minutes away");

            // Written outside any scope: notified. Both were sent before the listener reads any: once one is heard, the
            // listener reads until nothing more comes, so that one sent for the first event would be heard too.
            await EnqueueThingsAsync(1);
            var listening = Stopwatch.StartNew();
            while (heard.IsEmpty)
            {
                Assert.That(listening.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the event written outside a scope should be notified");
                await listener.WaitAsync(TimeSpan.FromMilliseconds(200));
            }

            while (await listener.WaitAsync(TimeSpan.FromMilliseconds(500)))
            {
            }

            Assert.That(heard, Is.EqualTo(new[] { Deliveries.Schema }), "only the event written outside the scope was notified");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// A dispatcher whose poll is ten minutes away, once it listens to notifications and its first rounds are over: from
    /// then on only a notification or a wakeup makes it look for events.
    /// </summary>
    private static async Task<OutboxDispatcher> StartListeningDispatcherAsync()
    {
        var dispatcher = new OutboxDispatcher(
            host.Services.GetRequiredService<OutboxProcessor>(), DataSource, host.Services.GetRequiredService<OutboxWakeups>(),
            Options.Create(new OutboxOptions { PollInterval = TimeSpan.FromMinutes(10) }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            var listening = Stopwatch.StartNew();
            while (!await connection.ExecuteScalarAsync<bool>(
                "select exists (select 1 from pg_stat_activity where datname = current_database() and query = 'listen pde_outbox')"))
            {
                Assert.That(listening.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the dispatcher should listen to outbox notifications");
                await Task.Delay(50);
            }
        }

        await WaitUntilAsync(() => PendingCountAsync().GetAwaiter().GetResult() == 0);
        return dispatcher;
    }
}
