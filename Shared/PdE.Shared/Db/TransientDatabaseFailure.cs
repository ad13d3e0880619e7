using Microsoft.Extensions.Logging;
using Npgsql;

namespace PdE.Shared.Db;

/// <summary>
/// Failures that say the database could not be reached, or was lost mid-request (a restart, a failover, a network cut),
/// rather than that it refused the statement: retrying the same statement a little later can succeed.
/// </summary>
public static class TransientDatabaseFailure
{
    /// <summary>
    /// True for a failure to reach the server or a connection lost (any <see cref="NpgsqlException"/> that is not an answer
    /// from the server), and for the server's own answers about the connection: class 08, shutting down or starting up
    /// (57P01–57P03), and what Npgsql itself deems transient (too many connections, serialization failure…).
    /// </summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.IsTransient
                        || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="action"/>, and again after 0.25 s, 0.5 s, 1 s… (at most 5 s apart) while it fails transiently, for up
    /// to <paramref name="patience"/>: long enough for PostgreSQL to restart. Each attempt should open its own connection,
    /// since the one that failed is broken. Any other failure, or the last one, is thrown.
    /// </summary>
    public static async Task<T> RetryAsync<T>(
        Func<CancellationToken, Task<T>> action, TimeSpan patience, ILogger logger, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + patience;
        var pause = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action(cancellationToken);
            }
            catch (Exception ex) when (Is(ex) && !cancellationToken.IsCancellationRequested && DateTime.UtcNow + pause < deadline)
            {
                logger.LogWarning("{What} failed on a database error (attempt {Attempt}), retrying in {Pause}: {Reason}",
                    what, attempt, pause, ex.Message);
            }

            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }
}
