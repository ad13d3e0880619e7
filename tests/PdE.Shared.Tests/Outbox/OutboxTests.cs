using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Shared.Db;
using PdE.Shared.Outbox;
using PdE.Testing;

namespace PdE.Shared.Tests.Outbox;

public sealed partial class OutboxTests
{
    private static ModuleTestHost host = null!;

    private static NpgsqlDataSource DataSource => host.Services.GetRequiredService<NpgsqlDataSource>();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        host = await ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, _) => services
                .AddModuleSchema(new ModuleSchema(Deliveries.Schema, typeof(OutboxTests).Assembly))
                .AddModuleSchema(new ModuleSchema(SlowReceiver.Schema, typeof(OutboxTests).Assembly)));
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("create table outbox_test.delivery (event_id uuid not null, receiver text not null)");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await host.DisposeAsync();

    [SetUp]
    public async Task ResetAsync()
    {
        await host.ResetAsync();
        Deliveries.Calls.Clear();
        Deliveries.FailuresLeft.Clear();
    }

    [Test]
    public async Task Delivers_each_event_exactly_once_to_each_receiver_when_two_dispatchers_run_at_once()
    {
        var events = Enumerable.Range(0, 300).Select(i => new ThingHappened(Guid.NewGuid(), $"thing {i}")).ToList();
        foreach (var chunk in events.Chunk(50))
        {
            await EnqueueAsync(chunk);
        }

        // Two dispatchers sharing nothing but the database, as two hosts would.
        var processor = host.Services.GetRequiredService<OutboxProcessor>();
        var delivered = await Task.WhenAll(processor.DispatchPendingAsync(), processor.DispatchPendingAsync());

        Assert.That(delivered.Sum(), Is.EqualTo(events.Count));
        Assert.That(delivered, Has.All.GreaterThan(0), "both dispatchers should have claimed part of the work");
        foreach (var receiver in new[] { nameof(FirstReceiver), nameof(SecondReceiver) })
        {
            var calls = events.Select(e => Deliveries.Calls.GetValueOrDefault((e.EventId, receiver))).ToList();
            Assert.That(calls, Has.All.EqualTo(1), $"{receiver} must be called once per event");
        }

        Assert.That(await DeliveryCountsAsync(), Is.EqualTo((events.Count * 2, 1, 1)));
        Assert.That(await PendingCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Keeps_a_failed_event_and_delivers_it_on_retry_without_repeating_receivers_that_succeeded()
    {
        var thing = new ThingHappened(Guid.NewGuid(), "flaky");
        Deliveries.FailuresLeft[thing.EventId] = 1;
        await EnqueueAsync([thing]);
        var processor = host.Services.GetRequiredService<OutboxProcessor>();

        Assert.That(await processor.DispatchPendingAsync(), Is.Zero);
        await using var connection = await DataSource.OpenConnectionAsync();
        var failed = await connection.QuerySingleAsync<(int Attempts, string LastError, DateTime? ProcessedAt, bool Due)>(
            $"select attempts, last_error, processed_at, next_attempt_at <= now() from {Deliveries.Schema}.outbox_message");
        Assert.That(failed.Attempts, Is.EqualTo(1));
        Assert.That(failed.LastError, Does.Contain("Receiver temporarily unavailable"));
        Assert.That(failed.ProcessedAt, Is.Null);
        Assert.That(failed.Due, Is.False, "a failed event waits for its backoff");
        Assert.That(await processor.DispatchPendingAsync(), Is.Zero, "not retried before the backoff elapses");

        await connection.ExecuteAsync($"update {Deliveries.Schema}.outbox_message set next_attempt_at = now()");
        Assert.That(await processor.DispatchPendingAsync(), Is.EqualTo(1));

        Assert.That(Deliveries.Calls[(thing.EventId, nameof(FirstReceiver))], Is.EqualTo(2), "the publisher re-runs every receiver");
        Assert.That(await DeliveryCountsAsync(), Is.EqualTo((2, 1, 1)), "but each receiver's effect happens once");
        Assert.That(await PendingCountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_slow_receiver_of_one_module_does_not_hold_up_the_events_of_another()
    {
        SlowReceiver.Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SlowReceiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        SlowReceiver.Delivered = 0;
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await transaction.EnqueueAsync(SlowReceiver.Schema, new SlowThingHappened(Guid.NewGuid()));
            await transaction.CommitAsync();
        }

        var dispatcher = new OutboxDispatcher(
            host.Services.GetRequiredService<OutboxProcessor>(), DataSource, host.Services.GetRequiredService<OutboxWakeups>(),
            Microsoft.Extensions.Options.Options.Create(new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(20) }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await SlowReceiver.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var thing = new ThingHappened(Guid.NewGuid(), "while the other module waits");
            await EnqueueAsync([thing]);

            await WaitUntilAsync(() => Deliveries.Calls.Keys.Count(k => k.Item1 == thing.EventId) == 2);
            Assert.That(SlowReceiver.Delivered, Is.Zero, "the slow receiver is still waiting");

            SlowReceiver.Gate.SetResult();
            await WaitUntilAsync(() => SlowReceiver.Delivered == 1);
        }
        finally
        {
            SlowReceiver.Gate.TrySetResult();
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Delivers_event_dates_as_the_same_utc_instants_whether_written_utc_or_unspecified()
    {
        var utc = new DateTime(2026, 7, 3, 12, 49, 7, 123, DateTimeKind.Utc);
        var unspecified = new DateTime(2026, 1, 31, 23, 30, 0, DateTimeKind.Unspecified);
        var written = new DatedThingHappened(Guid.NewGuid(), utc, unspecified, null);
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await transaction.EnqueueAsync(Deliveries.Schema, written);
            await transaction.CommitAsync();
        }

        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            var payload = await connection.QuerySingleAsync<string>(
                $"select payload::text from {Deliveries.Schema}.outbox_message where id = @EventId", new { written.EventId });
            Assert.That(payload, Does.Contain("\"2026-07-03T12:49:07.123Z\"").And.Contain("\"2026-01-31T23:30:00Z\""));
        }

        Assert.That(await host.DispatchOutboxAsync(), Is.EqualTo(1));

        var received = DatedReceiver.Received[written.EventId];
        Assert.That((received.At, received.At.Kind), Is.EqualTo((utc, DateTimeKind.Utc)));
        Assert.That((received.MaybeAt!.Value, received.MaybeAt.Value.Kind), Is.EqualTo((DateTime.SpecifyKind(unspecified, DateTimeKind.Utc), DateTimeKind.Utc)));
        Assert.That(received.NeverAt, Is.Null);
    }

    [Test]
    public async Task Writes_no_event_when_the_transaction_rolls_back()
    {
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await transaction.EnqueueAsync(Deliveries.Schema, new ThingHappened(Guid.NewGuid(), "never"));
            await transaction.RollbackAsync();
        }

        Assert.That(await host.DispatchOutboxAsync(), Is.Zero);
        Assert.That(Deliveries.Calls, Is.Empty);
    }

    [Test]
    public async Task Writes_several_events_in_one_statement_and_delivers_each_once()
    {
        ThingHappened[] events = [new(Guid.NewGuid(), "first"), new(Guid.NewGuid(), "second"), new(Guid.NewGuid(), "third")];
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await transaction.EnqueueAsync(Deliveries.Schema, events[0], events[1], events[2]);
            await transaction.CommitAsync();
        }

        Assert.That(await host.DispatchOutboxAsync(), Is.EqualTo(3));
        foreach (var receiver in new[] { nameof(FirstReceiver), nameof(SecondReceiver) })
        {
            Assert.That(events.Select(e => Deliveries.Calls.GetValueOrDefault((e.EventId, receiver))), Has.All.EqualTo(1), receiver);
        }
    }

    [Test]
    public void Backs_off_exponentially_up_to_one_hour()
    {
        Assert.That(OutboxRetries.Backoff(1).TotalSeconds, Is.InRange(1, 1.2));
        Assert.That(OutboxRetries.Backoff(4).TotalSeconds, Is.InRange(8, 9.6));
        Assert.That(OutboxRetries.Backoff(40).TotalSeconds, Is.InRange(3600, 4320));
    }

    private static async Task EnqueueAsync(IEnumerable<ThingHappened> events)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var e in events)
        {
            await transaction.EnqueueAsync(Deliveries.Schema, e);
        }

        await transaction.CommitAsync();
    }

    private static async Task<(int Total, int MaxPerPair, int MinPerPair)> DeliveryCountsAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(int, int, int)>("""
            select coalesce(sum(n), 0)::int, coalesce(max(n), 0)::int, coalesce(min(n), 0)::int
            from (select count(*) as n from outbox_test.delivery group by event_id, receiver) pairs
            """);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the dispatcher did not get there in 10 s");
            await Task.Delay(20);
        }
    }

    private static async Task<int> PendingCountAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>($"select count(*) from {Deliveries.Schema}.outbox_message where processed_at is null");
    }
}
