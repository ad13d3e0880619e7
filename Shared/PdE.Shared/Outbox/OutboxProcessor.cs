using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Shared.Outbox;

/// <summary>
/// Claims pending outbox rows of every module with FOR UPDATE SKIP LOCKED (so several hosts never
/// publish the same row at the same time), publishes them through Mediator, and marks them done.
/// A failing event is kept and retried later with exponential backoff; nothing is ever deleted here.
/// </summary>
public sealed class OutboxProcessor(
    NpgsqlDataSource dataSource,
    IEnumerable<ModuleSchema> modules,
    IServiceScopeFactory scopeFactory,
    ILogger<OutboxProcessor> logger)
{
    private const int BatchSize = 50;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>The schemas whose outbox this processor empties.</summary>
    public IReadOnlyList<string> Schemas { get; } = modules.Where(m => m.HasOutbox).Select(m => m.Name).ToList();

    /// <summary>Publishes everything due now, module after module; returns how many events were handled successfully.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        foreach (var schema in Schemas)
        {
            delivered += await DispatchSchemaAsync(schema, cancellationToken);
        }

        return delivered;
    }

    /// <summary>Publishes everything due now in one module's outbox; returns how many events were handled successfully.</summary>
    public async Task<int> DispatchSchemaAsync(string schema, CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        int claimed;
        do
        {
            (claimed, var ok) = await DispatchBatchAsync(schema, cancellationToken);
            delivered += ok;
        }
        while (claimed == BatchSize && !cancellationToken.IsCancellationRequested);

        return delivered;
    }

    private async Task<(int Claimed, int Delivered)> DispatchBatchAsync(string schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PendingRow>($"""
            select id, type, payload::text as payload, attempts
            from "{schema}".outbox_message
            where processed_at is null and next_attempt_at <= now()
            order by occurred_at, id
            limit {BatchSize}
            for update skip locked
            """, transaction: transaction)).AsList();

        var delivered = 0;
        foreach (var row in rows)
        {
            try
            {
                await PublishAsync(row, cancellationToken);
                await connection.ExecuteAsync(
                    $"""update "{schema}".outbox_message set processed_at = now(), attempts = attempts + 1, last_error = null where id = @Id""",
                    new { row.Id }, transaction);
                delivered++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff(row.Attempts + 1);
                logger.LogWarning(ex, "Outbox event {EventId} ({EventType}) of schema {Schema} failed (attempt {Attempt}); retry in {Delay}",
                    row.Id, row.Type, schema, row.Attempts + 1, delay);
                await connection.ExecuteAsync(
                    $"""
                    update "{schema}".outbox_message
                    set attempts = attempts + 1, next_attempt_at = now() + @delay, last_error = @error
                    where id = @Id
                    """,
                    new { row.Id, delay, error = ex.ToString() }, transaction);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (rows.Count, delivered);
    }

    private async Task PublishAsync(PendingRow row, CancellationToken cancellationToken)
    {
        var type = Type.GetType(row.Type, throwOnError: false)
            ?? throw new InvalidOperationException($"Unknown event type '{row.Type}'.");
        var @event = JsonSerializer.Deserialize(row.Payload, type, OutboxJson.Options)
            ?? throw new InvalidOperationException($"Event {row.Id} has an empty payload.");

        await using var scope = scopeFactory.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
        await publisher.Publish(@event, cancellationToken);
    }

    /// <summary>1 s, 2 s, 4 s … capped at one hour, with up to 20 % jitter so failing hosts do not retry in lockstep.</summary>
    internal static TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempt - 1, 20)), MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (1 + Random.Shared.NextDouble() * 0.2));
    }

    private sealed record PendingRow(Guid Id, string Type, string Payload, int Attempts);
}
