using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Npgsql;
using PdE.Notifications.Features.NotifyCompanyOfAnswer;
using PdE.Notifications.Tests.Fakes;
using PdE.Solicitations.Contracts;
using PdE.Testing;
using static PdE.Notifications.Tests.MatchEvents;

namespace PdE.Notifications.Tests.NotifyCompanyOfAnswer;

/// <summary>
/// The company hears of an expert's answer (taken in charge, closed with or without help, unreachable) a minute after it,
/// only if it still holds then, once, whatever the redeliveries; the clock is the test's.
/// </summary>
public sealed class NotifyCompanyOfAnswerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 12, 9, 0, 0, TimeSpan.Zero);

    private Guid match;
    private Guid request;
    private string address = "";

    private static ModuleTestHost Host => NotificationsTestHost.Host;

    private static TestClock Clock => NotificationsTestHost.Clock;

    [SetUp]
    public async Task ResetAsync()
    {
        await Host.ResetAsync();
        SolicitationsQueriesFake.Reset();
        address = $"dirigeant-{Guid.NewGuid():N}@boulangerie-martin.fr";
        SolicitationsQueriesFake.Contact = SolicitationsQueriesFake.Jeanne with { Email = address };
        Clock.Set(Start);
        match = Guid.CreateVersion7();
        request = Guid.CreateVersion7();
    }

    [TearDown]
    public void ResetClock() => Clock.Reset();

    [Test]
    public async Task An_undo_within_the_minute_sends_nothing()
    {
        await AnswerAsync("quo", "taking_care");
        Clock.Advance(TimeSpan.FromSeconds(40));
        await AnswerAsync("taking_care", "quo");

        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(await SendDueAsync(), Is.Zero);
        Assert.That(await CompanyEmailsAsync(), Is.Empty);
        Assert.That(SolicitationsQueriesFake.Received, Is.Empty, "nothing due, nobody's address asked");
    }

    [Test]
    public async Task After_a_minute_exactly_one_email_goes_to_the_requester_however_often_the_event_and_the_job_come()
    {
        var taken = await AnswerAsync("quo", "taking_care");

        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await SendDueAsync(), Is.Zero, "not a minute yet");
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await SendDueAsync(), Is.EqualTo(1));
        Assert.That(await SendDueAsync(), Is.Zero, "told once");

        await Host.PublishAsync(taken);
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(), Is.Zero, "a redelivered answer schedules nothing again");

        Assert.That(await CompanyEmailsAsync(), Is.EqualTo(new[] { (address, "Votre demande est prise en charge") }));
        Assert.That(SolicitationsQueriesFake.Received, Is.EqualTo(new[] { new GetRequesterContact(request) }),
            "the address is asked from Solicitations when the e-mail goes, never kept");
        await Host.DispatchOutboxAsync();
        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, address));
        Assert.That(message.Subject, Is.EqualTo("Votre demande est prise en charge"));
        Assert.That(message.TextBody, Does.Contain("Bonjour Jeanne Martin,"));
        Assert.That(message.TextBody, Does.Contain("Camille Martin (CCI Paris Île-de-France) a pris en charge votre demande"));
        Assert.That(message.TextBody, Does.Contain("http://localhost:5080/suivi"));
        Assert.That(message.HtmlBody, Does.Contain("<strong>Camille Martin</strong> (CCI Paris Île-de-France) a pris en charge votre demande"));
    }

    [TestCase("done", "Votre demande : un conseiller vous a proposé une aide", "indique vous avoir proposé une aide")]
    [TestCase("done_no_help", "Votre demande : pas d’aide possible de ce conseiller", "pas d’aide possible")]
    [TestCase("done_not_reachable", "Votre demande : un conseiller n’a pas pu vous joindre", "n’a pas pu vous joindre")]
    public async Task A_closure_that_holds_a_minute_tells_the_company_how_it_ended(string status, string subject, string words)
    {
        await AnswerAsync("quo", "taking_care");
        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.That(await SendDueAsync(), Is.EqualTo(1), "pris en charge");

        await AnswerAsync("taking_care", status);
        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await SendDueAsync(), Is.Zero);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await SendDueAsync(), Is.EqualTo(1));

        Assert.That((await CompanyEmailsAsync()).Select(e => e.Subject), Is.EqualTo(new[] { "Votre demande est prise en charge", subject }));
        await Host.DispatchOutboxAsync();
        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, address) && m.Subject == subject);
        Assert.That(message.TextBody, Does.Contain($"Camille Martin (CCI Paris Île-de-France) ").And.Contain(words));
    }

    [Test]
    public async Task A_closure_undone_within_the_minute_sends_nothing_and_the_company_is_not_told_again_it_is_taken_in_charge()
    {
        await AnswerAsync("quo", "taking_care");
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(), Is.EqualTo(1));

        await AnswerAsync("taking_care", "done");
        Clock.Advance(TimeSpan.FromSeconds(20));
        await AnswerAsync("done", "taking_care");
        Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.That(await SendDueAsync(), Is.Zero);
        Assert.That((await CompanyEmailsAsync()).Select(e => e.Subject), Is.EqualTo(new[] { "Votre demande est prise en charge" }));
    }

    [Test]
    public async Task A_closure_reopened_after_it_was_told_is_not_news_but_a_different_closure_is()
    {
        await AnswerAsync("quo", "taking_care");
        Clock.Advance(TimeSpan.FromMinutes(2));
        await SendDueAsync();
        await AnswerAsync("taking_care", "done");
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(), Is.EqualTo(1));

        await AnswerAsync("done", "taking_care");
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(), Is.Zero, "reopened: the company already knows an advisor has it");
        await AnswerAsync("taking_care", "done");
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(), Is.Zero, "closed with help again: already told");
        await AnswerAsync("done", "taking_care");
        await AnswerAsync("taking_care", "done_not_reachable");
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendDueAsync(), Is.EqualTo(1));

        Assert.That((await CompanyEmailsAsync()).Select(e => e.Subject), Is.EqualTo(new[]
        {
            "Votre demande est prise en charge", "Votre demande : un conseiller vous a proposé une aide", "Votre demande : un conseiller n’a pas pu vous joindre",
        }));
    }

    [Test]
    public async Task A_closure_within_the_minute_of_the_take_replaces_it_and_starts_the_minute_again()
    {
        await AnswerAsync("quo", "taking_care");
        Clock.Advance(TimeSpan.FromSeconds(30));
        await AnswerAsync("taking_care", "done");
        Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.That(await SendDueAsync(), Is.Zero, "the closure is 45 seconds old");
        Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.That(await SendDueAsync(), Is.EqualTo(1));

        Assert.That((await CompanyEmailsAsync()).Select(e => e.Subject), Is.EqualTo(new[] { "Votre demande : un conseiller vous a proposé une aide" }));
    }

    [Test]
    public async Task An_older_answer_arriving_late_changes_nothing_and_a_refusal_tells_nothing()
    {
        var taken = MatchEvents.StatusChanged(match, request, "quo", "taking_care", Start.UtcDateTime);
        var undone = MatchEvents.StatusChanged(match, request, "taking_care", "quo", Start.UtcDateTime.AddSeconds(10));
        await Host.PublishAsync(undone);
        await Host.PublishAsync(taken);
        var other = Guid.CreateVersion7();
        await Host.PublishAsync(MatchEvents.StatusChanged(other, request, "quo", "not_for_me", Start.UtcDateTime));

        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(await SendDueAsync(), Is.Zero);
        Assert.That(await CompanyEmailsAsync(), Is.Empty);
    }

    [Test]
    public async Task A_request_gone_before_the_minute_is_over_gets_no_email_and_is_not_asked_again()
    {
        SolicitationsQueriesFake.Contact = null;
        await AnswerAsync("quo", "taking_care");
        Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.That(await SendDueAsync(), Is.Zero);
        Assert.That(await SendDueAsync(), Is.Zero);

        Assert.That(await CompanyEmailsAsync(), Is.Empty);
        Assert.That(SolicitationsQueriesFake.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Each_match_is_told_on_its_own()
    {
        await AnswerAsync("quo", "taking_care");
        var bruno = MatchEvents.StatusChanged(Guid.CreateVersion7(), request, "quo", "taking_care", Clock.GetUtcNow().UtcDateTime) with { ExpertName = "Bruno Petit", InstitutionName = "Bpifrance" };
        await Host.PublishAsync(bruno);
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.That(await SendDueAsync(), Is.EqualTo(2));

        await Host.DispatchOutboxAsync();
        await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, address) && m.TextBody!.Contains("Bruno Petit (Bpifrance) a pris en charge", StringComparison.Ordinal));
        await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, address) && m.TextBody!.Contains("Camille Martin (CCI Paris Île-de-France) a pris en charge", StringComparison.Ordinal));
    }

    private async Task<PdE.Matching.Contracts.MatchStatusChanged> AnswerAsync(string from, string to)
    {
        var changed = MatchEvents.StatusChanged(match, request, from, to, Clock.GetUtcNow().UtcDateTime);
        await Host.PublishAsync(changed);
        return changed;
    }

    private static Task<int> SendDueAsync() => Host.Services.GetRequiredService<SendCompanyNoticesJob>().SendDueAsync(CancellationToken.None);

    private static async Task<List<(string Recipient, string Subject)>> CompanyEmailsAsync()
    {
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        return (await connection.QueryAsync<(string, string)>(
            "select recipient, subject from notifications.email where template = 'CompanyNotice' order by created_at, id")).AsList();
    }

    private static bool SentTo(MimeMessage message, string to) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase));
}
