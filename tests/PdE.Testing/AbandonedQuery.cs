using System.Diagnostics;
using Npgsql;

namespace PdE.Testing;

/// <summary>
/// Issue 16: a page or an action the client abandons cancels its SQL, instead of running it to the end for nobody. Another
/// connection holds a lock the call's statement needs, so that statement waits for as long as the lock is held: only a
/// cancellation can end it.
/// </summary>
public static class AbandonedQuery
{
    /// <summary>
    /// Takes the lock with <paramref name="lockSql"/> (run in a transaction of its own), starts <paramref name="call"/> with a
    /// token, waits until a statement whose text contains <paramref name="statement"/> waits on a lock, then cancels the token
    /// and checks that this statement is gone while the lock is still held, and that the call ends in
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task AssertCancelledAsync(
        string connectionString, string lockSql, string statement, Func<CancellationToken, Task> call)
    {
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync();
        await using var holding = await blocker.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand(lockSql, blocker, holding))
        {
            await take.ExecuteNonQueryAsync();
        }

        using var abandon = new CancellationTokenSource();
        var running = Task.Run(() => call(abandon.Token));
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync();
        await WaitUntilAsync(async () => await WaitingAsync(observer, blocker.ProcessID, statement) > 0, running,
            $"a statement containing « {statement} » to wait on the lock");

        await abandon.CancelAsync();
        await WaitUntilAsync(async () => await WaitingAsync(observer, blocker.ProcessID, statement) == 0, null,
            "the statement to be cancelled while the lock is still held");

        await holding.RollbackAsync();
        Assert.That(async () => await running.WaitAsync(TimeSpan.FromSeconds(30)), Throws.InstanceOf<OperationCanceledException>());
    }

    private static async Task<long> WaitingAsync(NpgsqlConnection observer, int blockerPid, string statement)
    {
        await using var count = new NpgsqlCommand("""
            select count(*) from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock' and pid not in (pg_backend_pid(), @Blocker)
              and strpos(query, @Statement) > 0
            """, observer);
        count.Parameters.AddWithValue("Blocker", blockerPid);
        count.Parameters.AddWithValue("Statement", statement);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Task? running, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (running is { IsCompleted: true })
            {
                // Ended before it ever waited: say how, rather than timing out.
                await running;
                Assert.Fail($"the call ended before {what}");
            }

            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), $"waited 15 s for {what}");
            await Task.Delay(50);
        }
    }
}
