using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.Reminders;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.Reminders;

/// <summary>Issue 13: the reminder jobs: D+9 and J+45 to the requester of a need nobody took, J+21 last chance to silent experts,
/// Monday's recap to experts; each once, whatever the hosts.</summary>
public sealed class ReminderJobsTests
{
    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        MatchingTestHost.Clock.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [TearDown]
    public void ResetClock() => MatchingTestHost.Clock.Reset();

    [Test]
    public async Task A_need_nobody_took_is_told_once_nine_days_after_it_was_sent()
    {
        var need = await RouteAsync();
        var sent = DateTimeOffset.UtcNow;

        MatchingTestHost.Clock.Set(sent.AddDays(8));
        Assert.That(await Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None), Is.Zero, "not yet at D+8");

        MatchingTestHost.Clock.Set(sent.AddDays(9).AddMinutes(1));
        Assert.That(await Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None), Is.Zero, "once");

        var events = await OutboxEventsAsync("NeedStillWaiting");
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(events[0].GetProperty("needId").GetGuid(), Is.EqualTo(need.NeedId));
        Assert.That(events[0].GetProperty("solicitationId").GetGuid(), Is.EqualTo(need.SolicitationId));
        Assert.That(events[0].GetProperty("expertCount").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_need_an_expert_took_or_one_long_past_is_not_told()
    {
        var taken = await RouteAsync("BOULANGERIE PRISE");
        Assert.That((await taken.AnswerAsync(taken.CamilleMatch, MatchAnswer.Take, CamilleAgent)).Succeeded, Is.True);
        await RouteAsync("BOULANGERIE ANCIENNE");
        var sent = DateTimeOffset.UtcNow;

        MatchingTestHost.Clock.Set(sent.AddDays(9 + 8));
        Assert.That(await Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None), Is.Zero, "past the week of grace: too late to write");
        MatchingTestHost.Clock.Set(sent.AddDays(9).AddMinutes(1));
        Assert.That(await Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None), Is.EqualTo(1), "only the need nobody took");
        Assert.That((await OutboxEventsAsync("NeedStillWaiting")).Single().GetProperty("needId").GetGuid(), Is.Not.EqualTo(taken.NeedId));
    }

    [Test]
    public async Task Two_hosts_running_the_job_at_once_tell_each_requester_once()
    {
        var needs = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            needs.Add((await RouteAsync($"BOULANGERIE {i}")).NeedId);
        }

        MatchingTestHost.Clock.Set(DateTimeOffset.UtcNow.AddDays(9).AddMinutes(1));
        var runs = await Task.WhenAll(Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None), Job<RemindWaitingRequestersJob>().RemindAsync(CancellationToken.None));

        Assert.That(runs.Sum(), Is.EqualTo(5));
        Assert.That((await OutboxEventsAsync("NeedStillWaiting")).Select(e => e.GetProperty("needId").GetGuid()), Is.EquivalentTo(needs));
    }

    [Test]
    public async Task At_J21_each_silent_expert_of_a_need_nobody_took_gets_one_last_chance()
    {
        var need = await RouteAsync();
        Assert.That((await need.AnswerAsync(need.BrunoMatch, MatchAnswer.Decline, BrunoAgent)).Succeeded, Is.True);
        var other = await RouteAsync("BOULANGERIE PRISE");
        Assert.That((await other.AnswerAsync(other.BrunoMatch, MatchAnswer.Take, BrunoAgent)).Succeeded, Is.True);
        var sent = DateTimeOffset.UtcNow;

        MatchingTestHost.Clock.Set(sent.AddDays(20));
        Assert.That(await Job<RemindExpertsLastChanceJob>().RemindAsync(CancellationToken.None), Is.Zero);
        MatchingTestHost.Clock.Set(sent.AddDays(21).AddMinutes(1));
        var runs = await Task.WhenAll(Job<RemindExpertsLastChanceJob>().RemindAsync(CancellationToken.None),
            Job<RemindExpertsLastChanceJob>().RemindAsync(CancellationToken.None));
        Assert.That(runs.Sum(), Is.EqualTo(1), "Camille on the need nobody took; not Bruno (declined), not the need Bruno took");
        Assert.That(await Job<RemindExpertsLastChanceJob>().RemindAsync(CancellationToken.None), Is.Zero, "once");

        var lastChance = (await OutboxEventsAsync("MatchLastChance")).Single();
        Assert.That(lastChance.GetProperty("matchId").GetGuid(), Is.EqualTo(need.CamilleMatch));
        Assert.That(lastChance.GetProperty("expertEmail").GetString(), Is.EqualTo(Camille.Email));
        Assert.That(lastChance.GetProperty("companyName").GetString(), Is.EqualTo("BOULANGERIE MARTIN"));
        Assert.That(lastChance.GetProperty("needPath").GetString(), Is.EqualTo($"/conseiller/besoins/{need.NeedId}"));
    }

    [Test]
    public async Task At_J45_the_requester_of_a_need_nobody_took_is_told_once()
    {
        var need = await RouteAsync();
        var sent = DateTimeOffset.UtcNow;

        MatchingTestHost.Clock.Set(sent.AddDays(44));
        Assert.That(await Job<TellRequestersNobodyAnsweredJob>().TellAsync(CancellationToken.None), Is.Zero);
        MatchingTestHost.Clock.Set(sent.AddDays(45).AddMinutes(1));
        Assert.That(await Job<TellRequestersNobodyAnsweredJob>().TellAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await Job<TellRequestersNobodyAnsweredJob>().TellAsync(CancellationToken.None), Is.Zero, "once");
        Assert.That((await OutboxEventsAsync("NeedUnanswered")).Single().GetProperty("solicitationId").GetGuid(), Is.EqualTo(need.SolicitationId));
    }

    [Test]
    public async Task Each_expert_with_needs_waiting_gets_one_recap_a_week_counting_them()
    {
        var first = await RouteAsync("BOULANGERIE UN");
        await RouteAsync("BOULANGERIE DEUX");
        Assert.That((await first.AnswerAsync(first.BrunoMatch, MatchAnswer.Take, BrunoAgent)).Succeeded, Is.True);
        var monday = SendWeeklyRecapsJob.WeekStartOf(DateTime.UtcNow.AddDays(7));

        MatchingTestHost.Clock.Set(new DateTimeOffset(monday.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
        var runs = await Task.WhenAll(Job<SendWeeklyRecapsJob>().SendAsync(CancellationToken.None), Job<SendWeeklyRecapsJob>().SendAsync(CancellationToken.None));
        Assert.That(runs.Sum(), Is.EqualTo(2), "Camille and Bruno, once each");
        MatchingTestHost.Clock.Advance(TimeSpan.FromDays(2));
        Assert.That(await Job<SendWeeklyRecapsJob>().SendAsync(CancellationToken.None), Is.Zero, "once a week");

        var recaps = (await OutboxEventsAsync("ExpertNeedsWaiting")).ToDictionary(e => e.GetProperty("expertEmail").GetString()!);
        Assert.That(recaps[Camille.Email].GetProperty("waitingCount").GetInt32(), Is.EqualTo(2));
        Assert.That(recaps[Bruno.Email].GetProperty("waitingCount").GetInt32(), Is.EqualTo(1), "the need Bruno took is not waiting");
        Assert.That(recaps[Camille.Email].GetProperty("weekStart").GetString(), Is.EqualTo(monday.ToString("yyyy-MM-dd")));

        MatchingTestHost.Clock.Advance(TimeSpan.FromDays(5));
        Assert.That(await Job<SendWeeklyRecapsJob>().SendAsync(CancellationToken.None), Is.EqualTo(2), "the next week");
        MatchingTestHost.Clock.Advance(TimeSpan.FromDays(45));
        Assert.That(await Job<SendWeeklyRecapsJob>().SendAsync(CancellationToken.None), Is.Zero, "expired needs are not recalled");
    }

    private static TJob Job<TJob>() where TJob : notnull => MatchingTestHost.Host.Services.GetRequiredService<TJob>();
}
