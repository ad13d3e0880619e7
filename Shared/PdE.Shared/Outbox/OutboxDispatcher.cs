using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PdE.Shared.Outbox;

/// <summary>
/// Background loops around <see cref="OutboxProcessor"/>, one per module's outbox; one dispatcher per host, safe with many
/// hosts. Separate loops keep a slow receiver to its own module: an SMTP server that takes its 30 s timeout to answer delays
/// e-mails, not the routing of requests.
/// </summary>
public sealed class OutboxDispatcher(OutboxProcessor processor, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(processor.Schemas.Select(schema => Task.Run(() => DispatchLoopAsync(schema, stoppingToken), CancellationToken.None)));

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
                // log the full error once rather than a stack trace every half second.
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
                var pause = failures == 0
                    ? options.Value.PollInterval
                    : TimeSpan.FromTicks(Math.Min(options.Value.PollInterval.Ticks << Math.Min(failures, 10), MaxPause.Ticks));
                await Task.Delay(pause, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
