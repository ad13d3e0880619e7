using Mediator;
using PdE.Matching.Contracts;
using Microsoft.Extensions.DependencyInjection;
using PdE.Stats.Features.ShowPublicStats;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.ShowPublicStats;

public sealed class ShowPublicStatsTests
{
    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Shows_nothing_before_the_first_request()
    {
        var stats = await GetAsync();

        Assert.That((stats.SolicitationsReceived, stats.NeedsRouted, stats.NeedsTakenInCharge, stats.NeedsClosed), Is.EqualTo((0L, 0L, 0L, 0L)));
        Assert.That(stats.Satisfaction.UsefulRate, Is.Null);
        Assert.That(stats.Months, Is.Empty);
    }

    [Test]
    public async Task Shows_totals_and_each_month_newest_first()
    {
        await Host.PublishAsync(Submitted(Utc(2025, 12, 15)));
        await Host.PublishAsync(Submitted(Utc(2026, 2, 3)));
        await Host.PublishAsync(Submitted(Utc(2026, 2, 4)));
        await Host.PublishAsync(Routed(Utc(2026, 2, 4)));
        await Host.PublishAsync(Routed(Utc(2026, 3, 1)));

        var stats = await GetAsync();

        Assert.That((stats.SolicitationsReceived, stats.NeedsRouted), Is.EqualTo((3L, 2L)));
        Assert.That(stats.Months, Is.EqualTo(new[]
        {
            new MonthStats(new DateOnly(2026, 3, 1), 0, 1),
            new MonthStats(new DateOnly(2026, 2, 1), 2, 1),
            new MonthStats(new DateOnly(2025, 12, 1), 1, 0),
        }));
    }

    [Test]
    public async Task Counts_each_need_taken_in_charge_and_closed_in_its_paris_month_and_the_useful_share_of_contacted_answers()
    {
        var (needA, needB) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        // 23:30 UTC on 31 March is already April in Paris.
        await Host.PublishAsync(StatusChanged(needA, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 3, 31, 23, 30)));
        await Host.PublishAsync(StatusChanged(needB, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 3, 30)));
        await Host.PublishAsync(StatusChanged(needB, Guid.CreateVersion7(), "taking_care", "done", "done", Utc(2026, 4, 2)));
        foreach (var (contacted, useful) in new[] { (true, (bool?)true), (true, true), (true, false), (false, null) })
        {
            await Host.PublishAsync(new SatisfactionAnswered(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Utc(2026, 4, 20),
                contacted, useful, HasComment: false));
        }

        var stats = await GetAsync();

        Assert.That((stats.NeedsTakenInCharge, stats.NeedsClosed), Is.EqualTo((2L, 1L)));
        Assert.That(stats.Months, Is.EqualTo(new[]
        {
            new MonthStats(new DateOnly(2026, 4, 1), 0, 0, NeedsTakenInCharge: 1, NeedsClosed: 1),
            new MonthStats(new DateOnly(2026, 3, 1), 0, 0, NeedsTakenInCharge: 1, NeedsClosed: 0),
        }));
        Assert.That(stats.Satisfaction, Is.EqualTo(new Satisfaction(Answers: 4, Contacted: 3, Useful: 2)));
        Assert.That(stats.Satisfaction.UsefulRate, Is.EqualTo(2.0 / 3));
    }

    private static Task<PublicStats> GetAsync() =>
        Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetPublicStats()).AsTask());
}
