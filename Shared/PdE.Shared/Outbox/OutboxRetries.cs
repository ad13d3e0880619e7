namespace PdE.Shared.Outbox;

/// <summary>
/// Thrown by a receiver when the outside service it depends on (the "target", e.g. the SMTP server) failed rather than the
/// event itself. The outbox notes the target with the failed event (<c>outbox_message.waiting_for</c>), so that the receiver's
/// next success with that target can bring the event's retry forward (the e-mails' delivery does) instead of leaving it to its
/// backoff, which may have grown to an hour during a long outage.
/// </summary>
public sealed class TargetUnavailableException(string target, Exception innerException)
    : Exception($"{target} unavailable: {innerException.Message}", innerException)
{
    public string Target { get; } = target;

    /// <summary>When the receiver sets when it retries (it keeps its own count of attempts); null: the outbox's backoff.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The <see cref="RetryAfter"/> of the first <see cref="TargetUnavailableException"/> in <paramref name="exception"/>.</summary>
    public static TimeSpan? RetryAfterOf(Exception? exception) => exception switch
    {
        null => null,
        TargetUnavailableException unavailable => unavailable.RetryAfter,
        AggregateException aggregate => aggregate.InnerExceptions.Select(RetryAfterOf).FirstOrDefault(delay => delay is not null),
        _ => RetryAfterOf(exception.InnerException),
    };

    /// <summary>The target named by <paramref name="exception"/> or by an exception it wraps; null for a failure of the event itself.</summary>
    public static string? TargetOf(Exception? exception)
    {
        switch (exception)
        {
            case null:
                return null;
            case TargetUnavailableException unavailable:
                return unavailable.Target;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.Select(TargetOf).FirstOrDefault(target => target is not null);
            default:
                return TargetOf(exception.InnerException);
        }
    }
}

public static class OutboxRetries
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>1 s, 2 s, 4 s … capped at one hour, with up to 20 % jitter so failing hosts do not retry in lockstep.</summary>
    public static TimeSpan Backoff(int attempt)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempt - 1, 20)), MaxBackoff.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (1 + Random.Shared.NextDouble() * 0.2));
    }
}
