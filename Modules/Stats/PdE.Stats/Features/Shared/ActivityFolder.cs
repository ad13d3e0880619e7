using System.Threading.Channels;
using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PdE.Stats.Features.Shared;

/// <summary>
/// The facts' triggers append their contributions to the activity cube to <c>stats.activity_pending</c>
/// (migrations/stats/0011); this folds them into the cube a second after a handler wrote, so that they stay few, in one
/// statement however many came in that second. An idle site costs nothing: no nudge, no fold. Readers of the cube fold
/// before they read (<see cref="FoldAsync"/>), so a page never waits for this.
/// </summary>
internal sealed class ActivityFolder(NpgsqlDataSource dataSource, ILogger<ActivityFolder> logger) : BackgroundService
{
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    private readonly Channel<bool> nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>A handler wrote facts: fold within <see cref="Delay"/>.</summary>
    public void Nudge() => nudges.Writer.TryWrite(true);

    /// <summary>Adds the pending contributions to the cube; a reader calls it before reading, on its own connection.</summary>
    public static Task FoldAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("select stats.fold_activity()", cancellationToken: cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await nudges.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Delay, stoppingToken);
                nudges.Reader.TryRead(out _);
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                    await FoldAsync(connection, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Nothing is lost: the contributions stay pending until the next fold, a reader's or the next nudge's.
                    logger.LogWarning(ex, "Folding the activity cube's pending contributions failed; they stay pending until the next fold");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
