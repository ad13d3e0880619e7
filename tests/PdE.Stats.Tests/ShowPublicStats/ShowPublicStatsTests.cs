using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Contracts;
using PdE.Solicitations.Contracts;
using PdE.Stats.Features.ShowPublicStats;
using PdE.Testing;
using static PdE.Stats.Tests.ActivityEvents;

namespace PdE.Stats.Tests.ShowPublicStats;

public sealed class ShowPublicStatsTests
{
    private static readonly Guid Cci = Guid.CreateVersion7();
    private static readonly Guid Bpi = Guid.CreateVersion7();

    private static ModuleTestHost Host => StatsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Shows_nothing_before_the_first_request()
    {
        var stats = await GetAsync();

        Assert.That((stats.SolicitationsReceived, stats.NeedsRouted, stats.NeedsTakenInCharge, stats.NeedsDone), Is.EqualTo((0L, 0L, 0L, 0L)));
        Assert.That(stats.MedianTimeToTakeInCharge, Is.Null);
        Assert.That(stats.Satisfaction.UsefulRate, Is.Null);
        Assert.That(stats.Months, Is.Empty);
    }

    [Test]
    public async Task Shows_totals_and_each_month_newest_first()
    {
        await Host.PublishAsync(Submitted(Utc(2025, 12, 15)));
        await Host.PublishAsync(Submitted(Utc(2026, 2, 3)));
        await Host.PublishAsync(Submitted(Utc(2026, 2, 4)));
        var february = Routed(Utc(2026, 2, 4));
        await Host.PublishAsync(february);
        await Host.PublishAsync(february);
        await Host.PublishAsync(Routed(Utc(2026, 3, 1)));

        var stats = await GetAsync();

        Assert.That((stats.SolicitationsReceived, stats.NeedsRouted), Is.EqualTo((3L, 2L)), "a redelivered event counts once");
        Assert.That(stats.Months, Is.EqualTo(new[]
        {
            new MonthStats(new DateOnly(2026, 3, 1), 0, 1),
            new MonthStats(new DateOnly(2026, 2, 1), 2, 1),
            new MonthStats(new DateOnly(2025, 12, 1), 1, 0),
        }));
    }

    [Test]
    public async Task Counts_needs_in_the_paris_month_they_were_sent_with_what_became_of_them_and_the_median_delay()
    {
        // 23:30 UTC on 31 March is already April in Paris.
        var april = Routed(Utc(2026, 3, 31, 23, 30));
        var march = Routed(Utc(2026, 3, 30));
        var untouched = Routed(Utc(2026, 3, 2));
        await Host.PublishAsync(Submitted(Utc(2026, 3, 31, 23, 30)));
        foreach (var routed in new[] { april, march, untouched })
        {
            await Host.PublishAsync(routed);
        }

        // Taken in charge 2 hours and 4 days after being sent; the second one is then closed with help.
        await Host.PublishAsync(StatusChanged(april.NeedId, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 4, 1, 1, 30)));
        await Host.PublishAsync(StatusChanged(march.NeedId, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 4, 3)));
        await Host.PublishAsync(StatusChanged(march.NeedId, Guid.CreateVersion7(), "taking_care", "done", "done", Utc(2026, 4, 10)));
        foreach (var (need, contacted, useful) in new[] { (april, true, (bool?)true), (march, true, false), (untouched, false, null) })
        {
            await Host.PublishAsync(new SatisfactionAnswered(Guid.CreateVersion7(), need.NeedId, need.SolicitationId, Utc(2026, 4, 20), contacted, useful, HasComment: false));
        }

        var stats = await GetAsync();

        Assert.That(stats.Months, Is.EqualTo(new[]
        {
            new MonthStats(new DateOnly(2026, 4, 1), 1, 1, NeedsTakenInCharge: 1, NeedsDone: 0),
            new MonthStats(new DateOnly(2026, 3, 1), 0, 2, NeedsTakenInCharge: 1, NeedsDone: 1),
        }));
        Assert.That((stats.NeedsRouted, stats.NeedsTakenInCharge, stats.NeedsDone), Is.EqualTo((3L, 2L, 1L)));
        Assert.That(stats.TakenInChargeRate, Is.EqualTo(2.0 / 3));
        Assert.That(stats.MedianTimeToTakeInCharge!.Value.TotalHours, Is.EqualTo(2).Within(2.5).Percent,
            "of 2 hours and 4 days, the lower middle one, within the delay buckets' 2.5 %");
        Assert.That(stats.Satisfaction, Is.EqualTo(new Satisfaction(Answers: 3, Contacted: 2, Useful: 1)));
    }

    [Test]
    public async Task The_median_delay_is_the_middle_needs_within_two_and_a_half_percent()
    {
        var sent = Utc(2026, 6, 1, 8, 0);
        var delays = new[] { TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(45), TimeSpan.FromHours(26), TimeSpan.FromDays(3), TimeSpan.FromDays(40) };
        foreach (var delay in delays)
        {
            var need = Routed(sent);
            await Host.PublishAsync(need);
            await Host.PublishAsync(StatusChanged(need.NeedId, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", sent + delay));
        }

        var june = await GetAsync(new StatsFilter(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1)));
        Assert.That(june.MedianTimeToTakeInCharge!.Value.TotalHours, Is.EqualTo(26).Within(2.5).Percent);
        Assert.That(ShowPublicStatsModel.Delay(june.MedianTimeToTakeInCharge.Value), Is.EqualTo("1 j 2 h"));
    }

    [Test]
    public async Task Each_filter_narrows_the_figures_as_a_hand_count_does()
    {
        // Four requests, each routed as one need. Paris (75) and Rennes (35); two subjects; CCI and Bpifrance experts.
        await RequestAsync(Utc(2026, 1, 10), "recruter", "75056", "03", "10.71C", Cci);
        var recruitRennes = await RequestAsync(Utc(2026, 2, 10), "recruter", "35238", "11", "47.11B", Cci, Bpi);
        await RequestAsync(Utc(2026, 2, 20), "financer-projet", "75056", null, null, Bpi);
        await RequestAsync(Utc(2026, 3, 5), "financer-projet", "35238", "NN", "62.01Z", Bpi);
        await Host.PublishAsync(StatusChanged(recruitRennes, Guid.CreateVersion7(), "quo", "taking_care", "taking_care", Utc(2026, 2, 11)));

        async Task<(long Requests, long Needs, long Taken)> Count(StatsFilter filter)
        {
            var stats = await GetAsync(filter);
            return (stats.SolicitationsReceived, stats.NeedsRouted, stats.NeedsTakenInCharge);
        }

        Assert.That(await Count(StatsFilter.None), Is.EqualTo((4L, 4L, 1L)));
        Assert.That(await Count(new StatsFilter(Departements: ["35"])), Is.EqualTo((2L, 2L, 1L)), "Rennes");
        Assert.That(await Count(new StatsFilter(Departements: ["75", "77", "78"])), Is.EqualTo((2L, 2L, 0L)), "a région's départements");
        Assert.That(await Count(new StatsFilter(Subjects: ["recruter"])), Is.EqualTo((2L, 2L, 1L)), "one subject");
        Assert.That(await Count(new StatsFilter(InstitutionId: Cci)), Is.EqualTo((2L, 2L, 1L)), "needs sent to the CCI");
        Assert.That(await Count(new StatsFilter(InstitutionId: Bpi)), Is.EqualTo((3L, 3L, 1L)), "needs sent to Bpifrance");
        Assert.That(await Count(new StatsFilter(FromMonth: new DateOnly(2026, 2, 1), ToMonth: new DateOnly(2026, 2, 1))), Is.EqualTo((2L, 2L, 1L)), "February");
        Assert.That(await Count(new StatsFilter(FromMonth: new DateOnly(2026, 3, 1))), Is.EqualTo((1L, 1L, 0L)), "from March");
        Assert.That(await Count(new StatsFilter(Departements: ["75"], Subjects: ["financer-projet"], InstitutionId: Cci)), Is.EqualTo((0L, 0L, 0L)));

        var all = await GetAsync();
        Assert.That(all.NeedsBySubject, Is.EqualTo(new[] { new Tally("financer-projet", 2), new Tally("recruter", 2) }));
        Assert.That(all.RequestsBySize, Is.EquivalentTo(new[] { new Tally("1-9", 1), new Tally("10-49", 1), new Tally("0", 1), new Tally(null, 1) }),
            "by size class: 03, 11, NN and one unknown");
        Assert.That(all.RequestsByNafSection, Is.EquivalentTo(new[] { new Tally("C", 1), new Tally("G", 1), new Tally("J", 1), new Tally(null, 1) }));
    }

    [Test]
    public async Task A_request_counts_under_the_subject_the_team_validated_and_once_however_often_its_events_come()
    {
        var submitted = Submitted(Utc(2026, 5, 4)) with { SubjectSlug = "autre-demande" };
        var validated = new SolicitationValidated(Guid.CreateVersion7(), submitted.SolicitationId, "recruter", submitted.Siret, "75056",
            new CompanyFacts("Boulangerie Martin", "10.71C", "5499", "03", null), submitted.Description, Utc(2026, 5, 5), submitted.SubmittedAt);

        await Host.PublishAsync(validated);
        await Host.PublishAsync(submitted);
        await Host.PublishAsync(submitted);
        await Host.PublishAsync(validated);

        var stats = await GetAsync(new StatsFilter(Subjects: ["recruter"]));
        Assert.That(stats.SolicitationsReceived, Is.EqualTo(1));
        Assert.That(stats.Months.Single().Month, Is.EqualTo(new DateOnly(2026, 5, 1)), "counted when it was sent, not validated");
        Assert.That(stats.RequestsByNafSection, Is.EqualTo(new[] { new Tally("C", 1) }));
        Assert.That((await GetAsync(new StatsFilter(Subjects: ["autre-demande"]))).SolicitationsReceived, Is.Zero);
    }

    /// <summary>A request sent, validated and routed as one need to experts of <paramref name="institutions"/>; returns the need's id.</summary>
    private static async Task<Guid> RequestAsync(
        DateTime at, string subject, string commune, string? headcount, string? naf, params Guid[] institutions)
    {
        var submitted = Submitted(at) with
        {
            SubjectSlug = subject, CommuneCode = commune, Company = new CompanyFacts("Entreprise", naf, "5499", headcount, null),
        };
        await Host.PublishAsync(submitted);
        var routed = new NeedRouted(Guid.CreateVersion7(), Guid.CreateVersion7(), submitted.SolicitationId, institutions.Length, at.AddHours(1),
            subject, commune, naf, headcount);
        await Host.PublishAsync(routed);
        foreach (var institution in institutions)
        {
            await Host.PublishAsync(new MatchCreated(Guid.CreateVersion7(), Guid.CreateVersion7(), routed.NeedId, submitted.SolicitationId,
                Guid.CreateVersion7(), "Camille Martin", "camille.martin@example.fr", "Institution", submitted.Siret, submitted.Description,
                at.AddHours(1), InstitutionId: institution));
        }

        return routed.NeedId;
    }

    private static Task<PublicStats> GetAsync(StatsFilter? filter = null) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new GetPublicStats(filter ?? StatsFilter.None)).AsTask());
}
