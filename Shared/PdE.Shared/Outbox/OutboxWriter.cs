using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Shared.Outbox;

/// <summary>
/// Writes an event into the module's outbox inside the caller's transaction: the event exists
/// if and only if the rows that caused it were committed.
/// </summary>
public static class OutboxWriter
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo> EventIdProperties = new();

    /// <summary>One or several events in one round trip (a request received announces itself and its follow-up link).</summary>
    public static Task EnqueueAsync(this NpgsqlTransaction transaction, string schema, params INotification[] events)
    {
        var sql = $"""
            insert into "{schema}".outbox_message (id, type, payload)
            select id, type, cast(payload as jsonb) from unnest(@Ids, @Types, @Payloads) as e(id, type, payload);
            {Notify(schema)}
            """;
        return transaction.Connection!.ExecuteAsync(sql, new
        {
            Schema = schema,
            Ids = events.Select(EventIdOf).ToArray(),
            Types = events.Select(e => TypeName(e.GetType())).ToArray(),
            Payloads = events.Select(e => JsonSerializer.Serialize(e, e.GetType(), OutboxJson.Options)).ToArray(),
        }, transaction);
    }

    /// <summary>
    /// The notification that wakes every host's loop for the schema (OutboxDispatcher); it leaves on commit, never on rollback.
    /// Left out when the work writing the event wakes this host's loop itself when it ends (<see cref="OutboxWakeups"/>).
    /// </summary>
    private static string Notify(string schema) =>
        OutboxWakeups.Defer(schema) ? "" : $"select pg_notify('{OutboxDispatcher.Channel}', @Schema);";

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    /// <summary>Every contract event carries a <c>Guid EventId</c>; receivers use it to ignore redeliveries.</summary>
    public static Guid EventIdOf(INotification @event)
    {
        var property = EventIdProperties.GetOrAdd(@event.GetType(), type =>
            type.GetProperty("EventId") is { PropertyType: var t } p && t == typeof(Guid)
                ? p
                : throw new InvalidOperationException($"Event {type.FullName} has no 'Guid EventId' property."));
        return (Guid)property.GetValue(@event)!;
    }
}

internal static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new UtcDateTimeConverter() } };
}
