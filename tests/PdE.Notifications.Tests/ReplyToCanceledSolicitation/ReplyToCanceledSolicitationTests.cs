using PdE.Solicitations.Contracts;
using PdE.Testing;

namespace PdE.Notifications.Tests.ReplyToCanceledSolicitation;

/// <summary>The canned reply e-mailed to a requester whose request the team abandoned.</summary>
public sealed class ReplyToCanceledSolicitationTests
{
    private static ModuleTestHost Host => NotificationsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task Sends_the_requester_the_reply_paragraph_by_paragraph_escaped_and_once()
    {
        var email = $"demandeur-{Guid.NewGuid():N}@example.fr";
        var canceled = new SolicitationCanceled(Guid.CreateVersion7(), Guid.CreateVersion7(), email, "Hélène <Bérénice>", "precisions",
            "Besoin de précisions", "Votre description ne nous permet pas encore de savoir.\n\nVous pouvez déposer une nouvelle demande.", DateTime.UtcNow);

        await Host.PublishAsync(canceled);
        await Host.PublishAsync(canceled);
        Assert.That(await Host.DispatchOutboxAsync(), Is.EqualTo(1), "a redelivered event writes no second e-mail");

        var message = await NotificationsTestHost.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        Assert.That(message.Subject, Is.EqualTo("Votre demande à Place des Entreprises : Besoin de précisions"));
        Assert.That(message.HtmlBody, Does.Contain("Bonjour Hélène &lt;Bérénice&gt;,"));
        Assert.That(message.HtmlBody, Does.Contain("<p>Votre description ne nous permet pas encore de savoir.</p>").And.Contain("<p>Vous pouvez déposer une nouvelle demande.</p>"));
        Assert.That(message.TextBody, Does.Contain("transmettre à un conseiller : Besoin de précisions.").And.Contain("Vous pouvez déposer une nouvelle demande."));
    }
}
