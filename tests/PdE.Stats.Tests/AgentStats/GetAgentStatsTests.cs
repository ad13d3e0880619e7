using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Contracts;
using PdE.Stats.Features.AgentStats;
using PdE.Stats.Features.ShowPublicStats;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.AgentStats;

/// <summary>The team's and managers' figures: matches and needs by the month the need was sent, by status now, in scope.</summary>
public sealed class GetAgentStatsTests
{
    private static readonly Guid Cci = Guid.CreateVersion7();
    private static readonly Guid Bpi = Guid.CreateVersion7();
    private static readonly Guid CciParis = Guid.CreateVersion7();
    private static readonly Guid BpiParis = Guid.CreateVersion7();

    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Counts_each_match_by_its_latest_answer_in_the_month_its_need_was_sent_within_the_scope_asked()
    {
        var (camille, julie, thomas) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        // March: a need sent to Camille (CCI) and Julie (Bpifrance); Camille takes it, then closes it with help; Julie declines.
        var march = await SendAsync(Utc(2026, 3, 10), (camille, CciParis, Cci), (julie, BpiParis, Bpi));
        await AnswerAsync(march, 0, "quo", "taking_care", "taking_care", Utc(2026, 3, 11));
        await AnswerAsync(march, 1, "quo", "not_for_me", "taking_care", Utc(2026, 3, 12));
        await AnswerAsync(march, 0, "taking_care", "done", "done", Utc(2026, 3, 20));
        // The answers may come before the match itself: the latest still wins.
        var april = await SendAsync(Utc(2026, 4, 2), (thomas, CciParis, Cci));
        await AnswerAsync(april, 0, "quo", "taking_care", "taking_care", Utc(2026, 4, 3));
        await AnswerAsync(april, 0, "taking_care", "quo", "quo", Utc(2026, 4, 4));
        await Host.PublishAsync(april.Created[0]);
        // A need of May nobody answered yet.
        await SendAsync(Utc(2026, 5, 5), (julie, BpiParis, Bpi));

        var all = await GetAsync(new GetAgentStats(StatsFilter.None));
        Assert.That(all.Matches, Is.EqualTo(new[]
        {
            new StatusMonth(new DateOnly(2026, 5, 1), 1, 0, 0, 0, 0, 0, 0),
            new StatusMonth(new DateOnly(2026, 4, 1), 1, 0, 0, 0, 0, 0, 0),
            new StatusMonth(new DateOnly(2026, 3, 1), 2, 2, 0, 1, 0, 0, 1),
        }));
        Assert.That(all.Needs, Is.EqualTo(new[]
        {
            new StatusMonth(new DateOnly(2026, 5, 1), 1, 0, 0, 0, 0, 0, 0),
            new StatusMonth(new DateOnly(2026, 4, 1), 1, 0, 0, 0, 0, 0, 0),
            new StatusMonth(new DateOnly(2026, 3, 1), 1, 1, 0, 1, 0, 0, 0),
        }));

        var cci = await GetAsync(new GetAgentStats(new StatsFilter(InstitutionId: Cci)));
        Assert.That(cci.Matches.Select(m => (m.Month.Month, m.Sent, m.Done, m.NotForMe)), Is.EqualTo(new[] { (4, 1L, 0L, 0L), (3, 1L, 1L, 0L) }));
        var bpiParis = await GetAsync(new GetAgentStats(StatsFilter.None, AntenneId: BpiParis));
        Assert.That(bpiParis.Matches.Select(m => (m.Month.Month, m.Sent, m.NotForMe)), Is.EqualTo(new[] { (5, 1L, 0L), (3, 1L, 1L) }));
        var camilleOnly = await GetAsync(new GetAgentStats(new StatsFilter(FromMonth: new DateOnly(2026, 3, 1), ToMonth: new DateOnly(2026, 3, 1)), ExpertIds: [camille]));
        Assert.That(camilleOnly.Matches, Is.EqualTo(new[] { new StatusMonth(new DateOnly(2026, 3, 1), 1, 1, 0, 1, 0, 0, 0) }));
        Assert.That(camilleOnly.Needs.Single().Sent, Is.EqualTo(1), "the need has a match in scope");
    }

    private sealed record Sent(NeedRouted Routed, MatchCreated[] Created);

    /// <summary>A need routed at <paramref name="at"/> to each (expert, antenne, institution); the match events are delivered unless the caller holds them.</summary>
    private static async Task<Sent> SendAsync(DateTime at, params (Guid Expert, Guid Antenne, Guid Institution)[] experts)
    {
        var routed = Routed(at) with { SubjectSlug = "recruter" };
        await Host.PublishAsync(routed);
        var created = experts.Select(e => new MatchCreated(Guid.CreateVersion7(), Guid.CreateVersion7(), routed.NeedId, routed.SolicitationId, e.Expert,
            "Conseiller", "conseiller@example.fr", "Institution", "73282932000074", "Recruter un apprenti.", at, InstitutionId: e.Institution,
            AntenneId: e.Antenne)).ToArray();
        if (at.Month != 4)
        {
            foreach (var match in created)
            {
                await Host.PublishAsync(match);
            }
        }

        return new Sent(routed, created);
    }

    private static Task AnswerAsync(Sent sent, int match, string from, string to, string needStatus, DateTime at)
    {
        var created = sent.Created[match];
        return Host.PublishAsync(StatusChanged(sent.Routed.NeedId, created.MatchId, from, to, needStatus, at) with
        {
            ExpertId = created.ExpertId, AntenneId = created.AntenneId, InstitutionId = created.InstitutionId,
        });
    }

    private static Task<Features.AgentStats.AgentStats> GetAsync(GetAgentStats query) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
