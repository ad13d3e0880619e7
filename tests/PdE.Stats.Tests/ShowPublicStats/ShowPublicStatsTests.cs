using Mediator;
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

        Assert.That((stats.SolicitationsReceived, stats.NeedsRouted), Is.EqualTo((0L, 0L)));
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

    private static Task<PublicStats> GetAsync() =>
        Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetPublicStats()).AsTask());
}
