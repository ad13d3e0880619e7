using System.Diagnostics;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Triage;

/// <summary>Issue 16: a desk view the agent abandons cancels its SQL, instead of running it to the end for nobody.</summary>
public sealed class DeskCancellationTests : SiteTests
{
    // The desk's tab counts, and nothing else that may wait on the table meanwhile (a scheduled job).
    private const string Waiting = """
        select count(*) from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()
          and query like 'select s.status as Status, count(*)::int as Count from solicitations.solicitation s%'
        """;

    [Test]
    public async Task An_abandoned_desk_view_cancels_its_query()
    {
        var admin = await App.SignedInClientAsync();
        await using var blocker = new NpgsqlConnection(App.Database.ConnectionString);
        await blocker.OpenAsync();
        await using var holding = await blocker.BeginTransactionAsync();
        // The desk's queries now wait on this lock for as long as it is held: only a cancellation can end them.
        await blocker.ExecuteAsync("lock table solicitations.solicitation in access exclusive mode", transaction: holding);

        using var abandon = new CancellationTokenSource();
        var view = admin.GetAsync("/conseiller/sollicitations?q=boulangerie", abandon.Token);
        await using var observer = new NpgsqlConnection(App.Database.ConnectionString);
        await observer.OpenAsync();
        await WaitUntilAsync(async () => await observer.ExecuteScalarAsync<long>(Waiting) > 0, "the desk's query to wait on the lock");

        await abandon.CancelAsync();
        await WaitUntilAsync(async () => await observer.ExecuteScalarAsync<long>(Waiting) == 0,
            "the desk's query to be cancelled while the lock is still held");

        await holding.RollbackAsync();
        Assert.That(async () => await view.WaitAsync(TimeSpan.FromSeconds(30)), Throws.InstanceOf<OperationCanceledException>());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), $"waited 15 s for {what}");
            await Task.Delay(50);
        }
    }
}
