using Dapper;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Notifications.Tests.Fakes;
using PdE.Testing;

namespace PdE.Notifications.Tests.Reminders;

/// <summary>Issue 13: the reminders' e-mails, to requesters (D+9, J+45, the satisfaction survey) and to experts (J+21, Monday's recap).</summary>
public sealed class RemindersEmailTests
{
    private static ModuleTestHost Host => NotificationsTestHost.Host;

    [SetUp]
    public async Task ResetAsync()
    {
        SolicitationsQueriesFake.Reset();
        await Host.ResetAsync();
    }

    [Test]
    public async Task The_requester_is_told_the_request_is_still_followed_once_even_when_the_event_comes_twice()
    {
        SolicitationsQueriesFake.Contact = new("Léa Dubois", $"lea-{Guid.NewGuid():N}@menuiserie-dubois.fr", "0612345678");
        var waiting = new NeedStillWaiting(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(),
            new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc), 2);

        await Host.PublishAsync(waiting);
        await Host.PublishAsync(waiting);
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == SolicitationsQueriesFake.Contact.Email));
        Assert.That(message.Subject, Is.EqualTo("Votre demande à Place des Entreprises est toujours suivie"));
        Assert.That(message.TextBody, Does.Contain("Bonjour Léa Dubois,")
            .And.Contain("Votre demande envoyée le 27 novembre 2026 a été transmise à 2 conseillers.")
            .And.Contain("http://localhost:5080/suivi"));
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email where template = 'NeedStillWaiting'"), Is.EqualTo(1));
        Assert.That(SolicitationsQueriesFake.Received.Select(q => q.SolicitationId).Distinct(), Is.EqualTo(new[] { waiting.SolicitationId }));
    }

    [Test]
    public async Task At_J45_the_requester_is_told_kindly_that_nobody_could_answer_and_what_to_do_next()
    {
        SolicitationsQueriesFake.Contact = new("Léa Dubois", $"lea-{Guid.NewGuid():N}@menuiserie-dubois.fr", "0612345678");

        await Host.PublishAsync(new NeedUnanswered(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(),
            new DateTime(2026, 10, 22, 10, 0, 0, DateTimeKind.Utc)));
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == SolicitationsQueriesFake.Contact.Email));
        Assert.That(message.Subject, Is.EqualTo("Votre demande à Place des Entreprises : aucun conseiller n’a pu y répondre"));
        Assert.That(message.TextBody, Does.Contain("Votre demande envoyée le 22 octobre 2026")
            .And.Contain("Ce que vous pouvez faire maintenant")
            .And.Contain("faites une nouvelle demande"));
        Assert.That(message.HtmlBody, Does.Contain("href=\"http://localhost:5080/\""));
    }

    [Test]
    public async Task At_J21_the_silent_expert_gets_a_last_reminder_with_the_link_to_answer()
    {
        var email = $"conseiller-{Guid.NewGuid():N}@cci-paris-idf.example.fr";
        var needId = Guid.CreateVersion7();
        var lastChance = new MatchLastChance(Guid.CreateVersion7(), Guid.CreateVersion7(), needId, "Camille Martin", email, "BOULANGERIE MARTIN",
            "Recruter un ou plusieurs salariés", new DateTime(2026, 11, 15, 9, 0, 0, DateTimeKind.Utc), $"/conseiller/besoins/{needId}");

        await Host.PublishAsync(lastChance);
        await Host.PublishAsync(lastChance);
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.That(message.Subject, Is.EqualTo("Dernier rappel : BOULANGERIE MARTIN attend votre réponse depuis trois semaines"));
        Assert.That(message.TextBody, Does.Contain("Le 15 novembre 2026, nous vous avons transmis une demande de BOULANGERIE MARTIN (Recruter un ou plusieurs salariés).")
            .And.Contain($"http://localhost:5080/conseiller/besoins/{needId}"));
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email where recipient = @email", new { email }), Is.EqualTo(1));
    }

    [TestCase(1, "Vos demandes en attente : 1 besoin attend votre réponse", "1 besoin attend votre réponse sur Place des Entreprises, depuis le 23 novembre 2026.")]
    [TestCase(4, "Vos demandes en attente : 4 besoins attendent votre réponse", "4 besoins attendent votre réponse sur Place des Entreprises, le plus ancien depuis le 23 novembre 2026.")]
    public async Task On_monday_an_expert_reads_how_many_needs_wait_and_since_when(int count, string subject, string sentence)
    {
        var email = $"conseiller-{Guid.NewGuid():N}@cci-paris-idf.example.fr";

        await Host.PublishAsync(new ExpertNeedsWaiting(Guid.CreateVersion7(), Guid.CreateVersion7(), "Camille Martin", email, count,
            new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc), new DateOnly(2026, 12, 7), "/conseiller/besoins"));
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.That(message.Subject, Is.EqualTo(subject));
        Assert.That(message.TextBody, Does.Contain(sentence).And.Contain("http://localhost:5080/conseiller/besoins"));
    }

    [Test]
    public async Task A_reminder_the_team_asked_for_is_signed_by_its_member_and_counts_the_days_waited()
    {
        var email = $"conseiller-{Guid.NewGuid():N}@cci-paris-idf.example.fr";
        var needId = Guid.CreateVersion7();
        NotificationsTestHost.Clock.Set(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        try
        {
            await Host.PublishAsync(new MatchReminderRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), needId, "Camille Martin", email, null,
                "Recruter un ou plusieurs salariés", new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc), $"/conseiller/besoins/{needId}", "Marie Lefèvre"));
        }
        finally
        {
            NotificationsTestHost.Clock.Reset();
        }

        await Host.DispatchOutboxAsync();
        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.That(message.Subject, Is.EqualTo("Relance : une entreprise attend votre réponse"));
        Assert.That(message.TextBody, Does.Contain("Le 25 novembre 2026, nous vous avons transmis une demande (Recruter un ou plusieurs salariés). L’entreprise attend une réponse depuis 11 jours")
            .And.Contain("Marie Lefèvre, pour l’équipe Place des Entreprises"));
    }

    [TestCase(1, false)]
    [TestCase(2, true)]
    public async Task The_author_of_an_unfinished_request_gets_the_link_back_to_the_form(int attempt, bool saysItIsTheLast)
    {
        var email = $"lea-{Guid.NewGuid():N}@menuiserie-dubois.fr";

        await Host.PublishAsync(new PdE.Solicitations.Contracts.UnfinishedRequestRelaunched(Guid.CreateVersion7(), Guid.CreateVersion7(), "Léa Dubois", email,
            new DateTime(2026, 12, 5, 15, 0, 0, DateTimeKind.Utc), "http://localhost:5080/ma-demande/jeton-de-reprise", attempt));
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.That(message.Subject, Is.EqualTo("Votre demande à Place des Entreprises n’est pas encore envoyée"));
        Assert.That(message.TextBody, Does.Contain("Le 5 décembre 2026, vous avez commencé une demande")
            .And.Contain("Reprendre ma demande : http://localhost:5080/ma-demande/jeton-de-reprise"));
        Assert.That(message.TextBody!.Contains("C’est notre dernier message", StringComparison.Ordinal), Is.EqualTo(saysItIsTheLast));
    }

    [Test]
    public async Task Ten_days_after_a_closure_with_help_the_requester_gets_the_survey_once_with_yes_and_no_links()
    {
        SolicitationsQueriesFake.Contact = new("Léa Dubois", $"lea-{Guid.NewGuid():N}@menuiserie-dubois.fr", "0612345678");
        var due = new SatisfactionSurveyDue(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "MENUISERIE DUBOIS",
            "Recruter un ou plusieurs salariés", "Camille Martin (CCI Paris)", new DateTime(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc),
            "/satisfaction/jeton-du-questionnaire");

        await Host.PublishAsync(due);
        await Host.PublishAsync(due);
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == SolicitationsQueriesFake.Contact.Email));
        Assert.That(message.Subject, Is.EqualTo("Votre avis sur l’aide reçue grâce à Place des Entreprises"));
        Assert.That(message.TextBody, Does.Contain(
                "Le 27 novembre 2026, Camille Martin (CCI Paris) a clôturé votre demande « Recruter un ou plusieurs salariés » pour MENUISERIE DUBOIS en indiquant vous avoir proposé une aide.")
            .And.Contain("- Oui : http://localhost:5080/satisfaction/jeton-du-questionnaire?contacte=oui")
            .And.Contain("- Non : http://localhost:5080/satisfaction/jeton-du-questionnaire?contacte=non"));
        Assert.That(message.HtmlBody, Does.Contain("href=\"http://localhost:5080/satisfaction/jeton-du-questionnaire?contacte=oui\""));
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email where template = 'SatisfactionSurvey'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_request_gone_meanwhile_gets_no_email()
    {
        SolicitationsQueriesFake.Contact = null;

        await Host.PublishAsync(new NeedStillWaiting(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), DateTime.UtcNow.AddDays(-9), 1));

        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email"), Is.Zero);
    }
}
