using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PdE.Shared.Outbox;

/// <summary>
/// Background loops around <see cref="OutboxProcessor"/>, one per module's outbox; one dispatcher per host, safe with many
/// hosts. Separate loops keep a slow receiver to its own module: an SMTP server that takes its 30 s timeout to answer delays
/// e-mails, not the routing of requests.
/// <para>
/// A loop with nothing to do sleeps until PostgreSQL tells it otherwise: <see cref="OutboxWriter"/> notifies the channel
/// <see cref="Channel"/> with the schema's name in the transaction that writes the event, PostgreSQL delivers it on commit
/// (to every host, none when the transaction rolls back), and one connection per host listens. An event is thus dispatched
/// within milliseconds, and an idle site costs the database one look per schema every <see cref="OutboxOptions.PollInterval"/>
/// (the fallback that also finds retries falling due and events whose lease ran out on a frozen host). The events this host
/// writes itself, in a request or while publishing, wake its loop without a notification (<see cref="OutboxWakeups"/>).
/// </para>
/// </summary>
public sealed class OutboxDispatcher(
    OutboxProcessor processor, NpgsqlDataSource dataSource, OutboxWakeups wakeups, IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    /// <summary>The PostgreSQL notification channel; the payload is the schema whose outbox received an event.</summary>
    public const string Channel = "pde_outbox";

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, SemaphoreSlim> signals = processor.Schemas.ToDictionary(s => s, _ => new SemaphoreSlim(0, 1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // From now on, the events this host writes in a request or while publishing wake its own loops (OutboxWakeups).
        wakeups.Attach(processor.Schemas.ToHashSet(), Wake);
        try
        {
            await Task.WhenAll(processor.Schemas.Select(schema => Task.Run(() => DispatchLoopAsync(schema, stoppingToken), CancellationToken.None))
                .Append(Task.Run(() => ListenAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            wakeups.Detach();
        }
    }

    public override void Dispose()
    {
        foreach (var wakeup in signals.Values)
        {
            wakeup.Dispose();
        }

        base.Dispose();
    }

    private void Wake(string schema)
    {
        if (signals.TryGetValue(schema, out var wakeup) && wakeup.CurrentCount == 0)
        {
            try
            {
                wakeup.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken twice at once: once is enough.
            }
            catch (ObjectDisposedException)
            {
                // A request answered while the host stops: its events go to the next poll of a host that runs.
            }
        }
    }

    /// <summary>Holds one connection that listens on <see cref="Channel"/>; reconnects with growing pauses when it is lost.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) => Wake(notification.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (failures > 0)
                {
                    logger.LogInformation("Listening to outbox notifications again after {Failures} failed attempts", failures);
                    failures = 0;
                }

                // Whatever was written while nobody listened is found now rather than at the next poll.
                foreach (var schema in processor.Schemas)
                {
                    Wake(schema);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Meanwhile the loops poll: events are late, never lost.
                failures++;
                if (failures == 1)
                {
                    logger.LogWarning(ex, "Outbox notifications lost; dispatching on the {PollInterval} poll until they come back", options.Value.PollInterval);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks << Math.Min(failures, 5), MaxPause.Ticks)), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task DispatchLoopAsync(string schema, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await processor.DispatchSchemaAsync(schema, stoppingToken);
                if (failures > 0)
                {
                    logger.LogInformation("Outbox dispatch of {Schema} works again after {Failures} failed rounds", schema, failures);
                    failures = 0;
                }

                if (delivered > 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Database down or similar: the rows are still there; keep the loop alive, slow down, and
                // log the full error once rather than a stack trace every round.
                failures++;
                if (failures == 1)
                {
                    logger.LogError(ex, "Outbox dispatch round of {Schema} failed; retrying with growing pauses", schema);
                }
                else
                {
                    logger.LogWarning("Outbox dispatch of {Schema} still failing ({Failures} rounds): {Reason}", schema, failures, ex.Message);
                }
            }

            try
            {
                if (failures == 0)
                {
                    // Until a notification, or the poll.
                    await signals[schema].WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                else
                {
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(500).Ticks << Math.Min(failures, 10), MaxPause.Ticks)), stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
