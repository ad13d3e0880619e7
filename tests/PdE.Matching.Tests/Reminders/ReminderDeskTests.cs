using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.Reminders.ReminderDesk;
using PdE.Matching.Features.ShowNeed;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.Reminders;

/// <summary>Issue 13 item 4: the team's reminders desk, its baskets and what the team does from them.</summary>
public sealed class ReminderDeskTests
{
    private static readonly Guid TeamMember = Guid.CreateVersion7();

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
    public async Task A_need_nobody_took_moves_from_basket_to_basket_with_its_silent_experts()
    {
        var need = await RouteAsync();
        var taken = await RouteAsync("BOULANGERIE PRISE");
        Assert.That((await taken.AnswerAsync(taken.CamilleMatch, MatchAnswer.Take, CamilleAgent)).Succeeded, Is.True);
        Assert.That((await need.AnswerAsync(need.BrunoMatch, MatchAnswer.Decline, BrunoAgent)).Succeeded, Is.True);
        var sent = DateTimeOffset.UtcNow;

        MatchingTestHost.Clock.Set(sent.AddDays(8));
        Assert.That((await BasketAsync("a-relancer")).Needs, Is.Empty, "not before J+9");
        MatchingTestHost.Clock.Set(sent.AddDays(10));
        var toRemind = await BasketAsync("a-relancer");
        Assert.That(toRemind.Needs.Select(n => n.NeedId), Is.EqualTo(new[] { need.NeedId }), "not the need Camille took");
        Assert.That(toRemind.Needs[0].SilentExperts, Is.EqualTo("Camille Martin (CCI Paris)"), "Bruno declined: not silent");
        Assert.That(toRemind.Counts["a-relancer"], Is.EqualTo(1));
        Assert.That(toRemind.Counts["derniere-chance"], Is.Zero);

        MatchingTestHost.Clock.Set(sent.AddDays(22));
        Assert.That((await BasketAsync("a-relancer")).Needs, Is.Empty);
        Assert.That((await BasketAsync("derniere-chance")).Needs.Select(n => n.NeedId), Is.EqualTo(new[] { need.NeedId }));
        MatchingTestHost.Clock.Set(sent.AddDays(50));
        Assert.That((await BasketAsync("sans-reponse")).Needs.Select(n => n.NeedId), Is.EqualTo(new[] { need.NeedId }));
        MatchingTestHost.Clock.Set(sent.AddDays(91));
        Assert.That((await BasketAsync("sans-reponse")).Needs, Is.Empty, "past 90 days: history, not work");
    }

    [Test]
    public async Task A_reminder_email_goes_to_each_silent_expert_and_every_action_is_on_the_needs_timeline_for_the_team()
    {
        var need = await RouteAsync();
        MatchingTestHost.Clock.Set(DateTimeOffset.UtcNow.AddDays(10));

        var emailed = await RecordAsync("a-relancer", ReminderAction.Email, [need.NeedId]);
        Assert.That(emailed, Is.EqualTo(new RecordRemindersResult(true, "2 e-mails de relance envoyés (1 besoin).")));
        var reminders = await OutboxEventsAsync("MatchReminderRequested");
        Assert.That(reminders.Select(r => r.GetProperty("expertEmail").GetString()), Is.EquivalentTo(new[] { Camille.Email, Bruno.Email }));
        Assert.That(reminders.Select(r => r.GetProperty("teamMemberName").GetString()).Distinct(), Is.EqualTo(new[] { "Marie Lefèvre" }));

        Assert.That(await RecordAsync("a-relancer", ReminderAction.Call, [need.NeedId]),
            Is.EqualTo(new RecordRemindersResult(false, "Indiquez ce que l’appel a donné : la note est obligatoire pour un appel.")));
        Assert.That((await RecordAsync("a-relancer", ReminderAction.Call, [need.NeedId], "Camille en congés jusqu’au 15")).Succeeded, Is.True);
        var row = (await BasketAsync("a-relancer")).Needs.Single();
        Assert.That(row.Last, Is.EqualTo(new LastReminder("call", "Marie Lefèvre", row.LastActionAt!.Value, "Camille en congés jusqu’au 15")));

        Assert.That(await RecordAsync("a-relancer", ReminderAction.Processed, [need.NeedId]), Is.EqualTo(new RecordRemindersResult(true, "1 besoin marqué traité.")));
        Assert.That((await BasketAsync("a-relancer")).Needs, Is.Empty, "out of the basket once processed");
        MatchingTestHost.Clock.Set(DateTimeOffset.UtcNow.AddDays(22));
        Assert.That((await BasketAsync("derniere-chance")).Needs.Select(n => n.NeedId), Is.EqualTo(new[] { need.NeedId }), "back in the next basket");

        var forTeam = await SendAsync(new ShowNeedQuery(need.NeedId, Admin));
        Assert.That(forTeam!.Timeline.Where(e => e.Kind == NeedEventKind.Reminder).Select(e => e.Summary + (e.Quote is null ? "" : " " + e.Quote)), Is.EqualTo(new[]
        {
            "Marie Lefèvre (équipe) a relancé par e-mail les conseillers qui n’ont pas répondu.",
            "Marie Lefèvre (équipe) a noté un appel : Camille en congés jusqu’au 15",
            "Marie Lefèvre (équipe) a marqué le besoin traité dans les relances.",
        }));
        var forCamille = await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent));
        Assert.That(forCamille!.Timeline.Any(e => e.Kind == NeedEventKind.Reminder), Is.False, "the team's notes stay the team's");
    }

    [Test]
    public async Task Experts_with_several_needs_waiting_get_their_recap_on_demand_and_leave_the_basket_for_a_week()
    {
        for (var i = 0; i < ReminderBaskets.ExpertsFrom; i++)
        {
            await RouteAsync($"BOULANGERIE {i}");
        }

        MatchingTestHost.Clock.Set(DateTimeOffset.UtcNow.AddDays(10));
        var experts = (await BasketAsync("conseillers")).Experts;
        Assert.That(experts.Select(e => (e.ExpertName, e.WaitingCount)), Is.EquivalentTo(new[] { ("Camille Martin", 3), ("Bruno Petit", 3) }));

        Assert.That(await RecordAsync("conseillers", ReminderAction.Email, [Camille.ExpertId]),
            Is.EqualTo(new RecordRemindersResult(true, "1 e-mail de relance envoyé (1 conseiller).")));
        var recap = (await OutboxEventsAsync("ExpertNeedsWaiting")).Single();
        Assert.That((recap.GetProperty("expertEmail").GetString(), recap.GetProperty("waitingCount").GetInt32()), Is.EqualTo((Camille.Email, 3)));

        Assert.That((await RecordAsync("conseillers", ReminderAction.Processed, [Camille.ExpertId])).Succeeded, Is.True);
        Assert.That((await BasketAsync("conseillers")).Experts.Select(e => e.ExpertName), Is.EqualTo(new[] { "Bruno Petit" }));
        MatchingTestHost.Clock.Advance(TimeSpan.FromDays(8));
        Assert.That((await BasketAsync("conseillers")).Experts.Select(e => e.ExpertName), Does.Contain("Camille Martin"), "back after a week");
        Assert.That(await RecordAsync("conseillers", ReminderAction.Email, []),
            Is.EqualTo(new RecordRemindersResult(false, "Cochez au moins un conseiller avant de choisir une action.")));
    }

    private static Task<ReminderBasketPage> BasketAsync(string basket) => SendAsync(new ShowReminderBasketQuery(basket, 1));

    private static Task<RecordRemindersResult> RecordAsync(string basket, ReminderAction action, Guid[] ids, string? note = null) =>
        SendAsync(new RecordRemindersCommand(basket, action, ids, note, TeamMember, "Marie Lefèvre"));
}
