using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PdE.Shared.Outbox;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>Background loop around <see cref="OutboxProcessor"/>; one per host, safe with many hosts.</summary>
public sealed class OutboxDispatcher(OutboxProcessor processor, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await processor.DispatchPendingAsync(stoppingToken);
                if (failures > 0)
                {
                    logger.LogInformation("Outbox dispatch works again after {Failures} failed rounds", failures);
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
                    logger.LogError(ex, "Outbox dispatch round failed; retrying with growing pauses");
                }
                else
                {
                    logger.LogWarning("Outbox dispatch still failing ({Failures} rounds): {Reason}", failures, ex.Message);
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
