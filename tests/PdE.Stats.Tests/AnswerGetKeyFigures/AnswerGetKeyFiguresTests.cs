using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Stats.Contracts;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.AnswerGetKeyFigures;

/// <summary>The live figures of the public "Comment ça marche" page.</summary>
public sealed class AnswerGetKeyFiguresTests
{
    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Counts_only_the_year_asked_and_gives_the_share_routed()
    {
        await Host.PublishAsync(Submitted(Utc(2025, 12, 31)));
        await Host.PublishAsync(Submitted(Utc(2026, 1, 1)));
        await Host.PublishAsync(Submitted(Utc(2026, 2, 3)));
        await Host.PublishAsync(Submitted(Utc(2026, 11, 4)));
        await Host.PublishAsync(Submitted(Utc(2026, 11, 5)));
        await Host.PublishAsync(Routed(Utc(2026, 2, 4)));
        await Host.PublishAsync(Routed(Utc(2026, 11, 5)));
        await Host.PublishAsync(Routed(Utc(2026, 11, 6)));
        await Host.PublishAsync(Routed(Utc(2027, 1, 1)));

        var figures = await GetAsync(2026);

        Assert.That((figures.RequestsReceived, figures.NeedsRouted, figures.ShareRouted), Is.EqualTo((4L, 3L, (double?)0.75)));
    }

    [Test]
    public async Task Has_no_share_before_the_first_request_of_the_year()
    {
        // Another year than the test above: a year's figures are kept five minutes.
        await Host.PublishAsync(Submitted(Utc(2029, 6, 1)));

        var figures = await GetAsync(2030);

        Assert.That((figures.RequestsReceived, figures.NeedsRouted, figures.ShareRouted), Is.EqualTo((0L, 0L, (double?)null)));
    }

    private static Task<KeyFigures> GetAsync(int year) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetKeyFigures(year)).AsTask());
}
