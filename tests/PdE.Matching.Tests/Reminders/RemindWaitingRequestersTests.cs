using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.Reminders;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.Reminders;

/// <summary>Issue 13: at D+9 without an expert taking the need, one event tells its requester it is still followed.</summary>
public sealed class RemindWaitingRequestersTests
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
        Assert.That(await Job().RemindAsync(CancellationToken.None), Is.Zero, "not yet at D+8");

        MatchingTestHost.Clock.Set(sent.AddDays(9).AddMinutes(1));
        Assert.That(await Job().RemindAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await Job().RemindAsync(CancellationToken.None), Is.Zero, "once");

        var events = await WaitingEventsAsync();
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
        Assert.That(await Job().RemindAsync(CancellationToken.None), Is.Zero, "past the week of grace: too late to write");
        MatchingTestHost.Clock.Set(sent.AddDays(9).AddMinutes(1));
        Assert.That(await Job().RemindAsync(CancellationToken.None), Is.EqualTo(1), "only the need nobody took");
        Assert.That((await WaitingEventsAsync()).Single().GetProperty("needId").GetGuid(), Is.Not.EqualTo(taken.NeedId));
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
        var runs = await Task.WhenAll(Job().RemindAsync(CancellationToken.None), Job().RemindAsync(CancellationToken.None));

        Assert.That(runs.Sum(), Is.EqualTo(5));
        Assert.That((await WaitingEventsAsync()).Select(e => e.GetProperty("needId").GetGuid()), Is.EquivalentTo(needs));
    }

    private static RemindWaitingRequestersJob Job() => MatchingTestHost.Host.Services.GetRequiredService<RemindWaitingRequestersJob>();

    private static async Task<List<JsonElement>> WaitingEventsAsync()
    {
        await using var connection = Connect();
        return (await connection.QueryAsync<string>(
                "select payload::text from matching.outbox_message where type like 'PdE.Matching.Contracts.NeedStillWaiting,%' order by occurred_at"))
            .Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList();
    }
}
