using System.Collections.Concurrent;
using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;

namespace PdE.Shared.Tests.Outbox;

public sealed record ThingHappened(Guid EventId, string Name) : INotification;

/// <summary>Counts every call (raw deliveries) and records processed events (effects) like a real receiver.</summary>
internal static class Deliveries
{
    public const string Schema = "outbox_test";
    public static readonly ConcurrentDictionary<(Guid, string), int> Calls = new();

    /// <summary>Events for which the second receiver must throw once more before it succeeds.</summary>
    public static readonly ConcurrentDictionary<Guid, int> FailuresLeft = new();

    /// <summary>When set, awaited by every call once counted and before its effect: how a test freezes or slows a host down.</summary>
    public static Func<Guid, string, Task>? Hold { get; set; }

    public static async Task RecordAsync(NpgsqlDataSource dataSource, Guid eventId, string receiver)
    {
        Calls.AddOrUpdate((eventId, receiver), 1, (_, n) => n + 1);
        if (Hold is { } hold)
        {
            await hold(eventId, receiver);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await transaction.TryMarkProcessedAsync(Schema, eventId, receiver))
        {
            await connection.ExecuteAsync("insert into outbox_test.delivery (event_id, receiver) values (@eventId, @receiver)",
                new { eventId, receiver }, transaction);
        }

        await transaction.CommitAsync();
    }
}

internal sealed class FirstReceiver(NpgsqlDataSource dataSource) : INotificationHandler<ThingHappened>
{
    public async ValueTask Handle(ThingHappened notification, CancellationToken cancellationToken) =>
        await Deliveries.RecordAsync(dataSource, notification.EventId, nameof(FirstReceiver));
}

internal sealed class SecondReceiver(NpgsqlDataSource dataSource) : INotificationHandler<ThingHappened>
{
    public async ValueTask Handle(ThingHappened notification, CancellationToken cancellationToken)
    {
        if (Deliveries.FailuresLeft.TryGetValue(notification.EventId, out var left) && left > 0)
        {
            Deliveries.FailuresLeft[notification.EventId] = left - 1;
            throw new InvalidOperationException("Receiver temporarily unavailable");
        }

        await Deliveries.RecordAsync(dataSource, notification.EventId, nameof(SecondReceiver));
    }
}

/// <summary>An event of another module whose receiver waits for <see cref="Gate"/>, like an SMTP server slow to answer.</summary>
public sealed record SlowThingHappened(Guid EventId) : INotification;

internal sealed class SlowReceiver : INotificationHandler<SlowThingHappened>
{
    public const string Schema = "outbox_test_slow";

    public static TaskCompletionSource Started { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static int Delivered;

    public async ValueTask Handle(SlowThingHappened notification, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        await Gate.Task.WaitAsync(cancellationToken);
        Interlocked.Increment(ref Delivered);
    }
}

/// <summary>An event with dates, to check what kind of DateTime receivers get.</summary>
public sealed record DatedThingHappened(Guid EventId, DateTime At, DateTime? MaybeAt, DateTime? NeverAt) : INotification;

internal sealed class DatedReceiver : INotificationHandler<DatedThingHappened>
{
    public static readonly ConcurrentDictionary<Guid, DatedThingHappened> Received = new();

    public ValueTask Handle(DatedThingHappened notification, CancellationToken cancellationToken)
    {
        Received[notification.EventId] = notification;
        return ValueTask.CompletedTask;
    }
}
