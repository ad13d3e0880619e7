using Dapper;
using MimeKit;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Testing;

namespace PdE.Notifications.Tests.NotifyParticipantsOfComment;

/// <summary>A message on a need's discussion goes by e-mail to each participant Matching named, once.</summary>
public sealed class NotifyParticipantsOfCommentTests
{
    private static ModuleTestHost Host => NotificationsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Each_participant_gets_the_message_with_who_wrote_it_and_a_link_to_the_need()
    {
        var thomas = new NeedCommentRecipient("Thomas Nguyen", UniqueAddress("thomas"));
        var admin = new NeedCommentRecipient("Administrateur de démonstration", UniqueAddress("admin"));
        var posted = MatchEvents.CommentPosted("J’ai appelé la dirigeante ce matin.\r\nElle attend surtout un contact Bpifrance.", thomas, admin);

        await Host.PublishAsync(posted);
        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(2));

        foreach (var recipient in new[] { thomas, admin })
        {
            var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, recipient.Email));
            Assert.That(message.Subject, Is.EqualTo("Nouveau message de Camille Martin sur le besoin de BOULANGERIE MARTIN"));
            Assert.That(message.TextBody, Does.Contain($"Bonjour {recipient.Name},"));
            Assert.That(message.TextBody, Does.Contain("Camille Martin (CCI Paris Île-de-France) a écrit le jeudi 12 mars 2026 à 10h30 au sujet du besoin de BOULANGERIE MARTIN (« Vendre à l’international ») :"));
            Assert.That(message.TextBody?.ReplaceLineEndings("\n"), Does.Contain("J’ai appelé la dirigeante ce matin.\nElle attend surtout un contact Bpifrance."));
            Assert.That(message.TextBody, Does.Contain($"http://localhost:5080/conseiller/besoins/{posted.NeedId}"));
            Assert.That(message.HtmlBody, Does.Contain($"href=\"http://localhost:5080/conseiller/besoins/{posted.NeedId}\""));
            Assert.That(message.HtmlBody, Does.Contain("ce matin.<br>Elle attend"));
        }
    }

    [Test]
    public async Task Escapes_html_typed_in_the_message_and_writes_once_when_the_event_comes_twice()
    {
        var thomas = new NeedCommentRecipient("Thomas Nguyen", UniqueAddress("thomas"));
        var posted = MatchEvents.CommentPosted("<script>alert('x')</script> & <b>vite</b>", thomas);

        await Host.PublishAsync(posted);
        await Host.PublishAsync(posted);
        await Host.DispatchOutboxAsync();

        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email where template = 'NeedCommentPosted'"), Is.EqualTo(1));
        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, thomas.Email));
        Assert.That(message.HtmlBody, Does.Contain("&lt;script&gt;").And.Contain("&lt;b&gt;vite&lt;/b&gt;").And.Not.Contain("<script>"));
        Assert.That(NotificationsTestHost.Smtp.Messages.Count(m => SentTo(m, thomas.Email)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_need_without_a_company_is_named_by_its_subject()
    {
        var julie = new NeedCommentRecipient("Julie Moreau", UniqueAddress("julie"));
        await Host.PublishAsync(MatchEvents.CommentPosted("Projet de création : je m’en occupe.", julie) with { CompanyName = null });
        await Host.DispatchOutboxAsync();

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => SentTo(m, julie.Email));
        Assert.That(message.Subject, Is.EqualTo("Nouveau message de Camille Martin sur un besoin que vous suivez"));
        Assert.That(message.TextBody, Does.Contain("au sujet du besoin (« Vendre à l’international ») :"));
    }

    private static string UniqueAddress(string who) => $"{who}-{Guid.NewGuid():N}@example.fr";

    private static bool SentTo(MimeMessage message, string address) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase));
}
