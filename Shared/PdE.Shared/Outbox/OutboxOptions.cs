namespace PdE.Shared.Outbox;

/// <summary>The <c>Outbox</c> configuration section (README, Configuration).</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// How often each module's loop looks for due events when no notification woke it (OutboxDispatcher): the fallback that
    /// finds retries falling due, events a frozen host's lease no longer holds, and anything written while notifications
    /// were lost. New events do not wait for it.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a claimed event stays a host's before another host may take it. The host renews the lease of the event it is
    /// publishing every third of it, so only a host that froze, died or lost the database loses its events, which the
    /// others then deliver after at most this long.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many events of a module's claimed batch a host publishes at once. Each waits mostly on its receivers' round trips
    /// and commits; published one after the other, a module's events left at about 300 a second on the benchmark machine.
    /// </summary>
    public int Concurrency { get; set; } = 4;
}
