using Dapper;
using Npgsql;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.CountActivity;

public sealed class CountActivityTests
{
    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Counts_submitted_requests_and_routed_needs_in_separate_monthly_counters()
    {
        await Host.PublishAsync(Submitted(Utc(2026, 3, 2)));
        await Host.PublishAsync(Submitted(Utc(2026, 3, 20)));
        await Host.PublishAsync(Routed(Utc(2026, 3, 21)));
        await Host.PublishAsync(Submitted(Utc(2026, 4, 1)));

        Assert.That(await CountersAsync(), Is.EqualTo(new[]
        {
            ("needs_routed", new DateOnly(2026, 3, 1), 1L),
            ("solicitations_received", new DateOnly(2026, 3, 1), 2L),
            ("solicitations_received", new DateOnly(2026, 4, 1), 1L),
        }));
    }

    [Test]
    public async Task Counts_an_event_in_the_month_it_happened_in_paris()
    {
        // 23:30 UTC on 31 January is 00:30 on 1 February in Paris (UTC+1 in winter).
        await Host.PublishAsync(Submitted(Utc(2026, 1, 31, 23, 30)));
        // 22:30 UTC on 31 May is 00:30 on 1 June in Paris (UTC+2 in summer).
        await Host.PublishAsync(Routed(Utc(2026, 5, 31, 22, 30)));
        // 22:30 UTC on 31 January is still 23:30 on 31 January in Paris.
        await Host.PublishAsync(Submitted(Utc(2026, 1, 31, 22, 30)));

        Assert.That(await CountersAsync(), Is.EqualTo(new[]
        {
            ("needs_routed", new DateOnly(2026, 6, 1), 1L),
            ("solicitations_received", new DateOnly(2026, 1, 1), 1L),
            ("solicitations_received", new DateOnly(2026, 2, 1), 1L),
        }));
    }

    [Test]
    public async Task Counts_a_redelivered_event_once()
    {
        var submitted = Submitted(Utc(2026, 3, 2));
        var routed = Routed(Utc(2026, 3, 3));

        await Host.PublishAsync(submitted);
        await Host.PublishAsync(submitted);
        await Host.PublishAsync(routed);
        await Host.PublishAsync(routed);

        Assert.That(await CountersAsync(), Is.EqualTo(new[]
        {
            ("needs_routed", new DateOnly(2026, 3, 1), 1L),
            ("solicitations_received", new DateOnly(2026, 3, 1), 1L),
        }));
    }

    private static async Task<List<(string Metric, DateOnly Month, long Value)>> CountersAsync()
    {
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        var rows = await connection.QueryAsync<(string Metric, DateTime Month, long Value)>(
            "select metric, month, value from stats.monthly_counter order by metric, month");
        return rows.Select(r => (r.Metric, DateOnly.FromDateTime(r.Month), r.Value)).ToList();
    }
}
