using AngleSharp.Dom;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Stats.Contracts;

namespace PdE.Host.Tests.Stats;

/// <summary>
/// Stats' projections rebuilt from the other modules' history: the embedded default's demo requests (seeded straight into
/// their tables) are counted at start-up, and a rebuild gives back the figures the events gave, even over damaged rows.
/// </summary>
public sealed class StatsRebuildTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task The_demo_is_counted_as_its_tables_hold_it_and_a_rebuild_over_damaged_rows_gives_the_same_page()
    {
        await WaitForEveryEventAsync();
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var sent = await connection.ExecuteScalarAsync<long>(
            "select count(*) from solicitations.solicitation where status in ('received', 'validated', 'canceled')");
        var routed = await connection.ExecuteScalarAsync<long>("select count(distinct need_id) from matching.match where sent_at is not null");
        Assert.That((sent, routed), Is.EqualTo((14L, 6L)), "the demo's requests (7 received, 6 sent, 1 cancelled) and needs, counted by hand");

        var before = await FiguresAsync();
        Assert.That((before.Tiles["demandes-recues"], before.Tiles["besoins-orientes"]), Is.EqualTo(("14", "6")));

        // A projection gone wrong: a request lost, a need counted in the wrong month, a fact of nothing.
        await connection.ExecuteAsync("""
            delete from stats.request_fact where solicitation_id = (select solicitation_id from stats.request_fact order by solicitation_id limit 1);
            update stats.need_fact set routed_at = routed_at - interval '400 days' where need_id = (select need_id from stats.need_fact order by need_id limit 1);
            insert into stats.request_fact (solicitation_id, received_at, subject_slug) values (gen_random_uuid(), now(), 'autre-demande');
            """);
        Assert.That(await FiguresAsync(), Is.Not.EqualTo(before));

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var rebuilt = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RebuildStatsProjections());
            Assert.That((rebuilt.Requests, rebuilt.Needs), Is.EqualTo((14L, 6L)));
        }

        Assert.That(await FiguresAsync(), Is.EqualTo(before));
    }

    /// <summary>The tiles and every table of /stats as text: what a reader compares.</summary>
    private async Task<Figures> FiguresAsync()
    {
        var page = await PdEApplication.ParseAsync(await App.CreateBrowserLikeClient().GetAsync("/stats"));
        return new Figures(
            page.QuerySelectorAll(".fr-tile__title").ToDictionary(t => t.Id!, t => t.TextContent.Trim()),
            string.Join("\n", page.QuerySelectorAll("table tr").Select(Row)));
    }

    private static string Row(IElement row) => string.Join(" | ", row.Children.Select(c => c.TextContent.Trim()));

    private async Task WaitForEveryEventAsync()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var schemas = App.Services.GetRequiredService<OutboxProcessor>().Schemas;
        var pending = string.Join(" union all ", schemas.Select(s => $"""select count(*) from "{s}".outbox_message where processed_at is null"""));
        for (var deadline = DateTime.UtcNow.AddSeconds(60); (await connection.QueryAsync<long>(pending)).Sum() > 0;)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the demo's events should be delivered: " + await App.UndeliveredEventsAsync());
            await Task.Delay(50);
        }
    }

    private sealed record Figures(Dictionary<string, string> Tiles, string Tables)
    {
        public bool Equals(Figures? other) =>
            other is not null && Tables == other.Tables && Tiles.OrderBy(t => t.Key).SequenceEqual(other.Tiles.OrderBy(t => t.Key));

        public override int GetHashCode() => Tables.GetHashCode(StringComparison.Ordinal);

        public override string ToString() => string.Join(", ", Tiles.Select(t => $"{t.Key}={t.Value}")) + "\n" + Tables;
    }
}
