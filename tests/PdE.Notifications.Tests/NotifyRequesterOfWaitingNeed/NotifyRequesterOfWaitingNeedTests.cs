using Dapper;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Notifications.Tests.Fakes;
using PdE.Testing;

namespace PdE.Notifications.Tests.NotifyRequesterOfWaitingNeed;

/// <summary>Issue 13: the D+9 e-mail to a requester whose need no expert has taken yet.</summary>
public sealed class NotifyRequesterOfWaitingNeedTests
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
    public async Task A_request_gone_meanwhile_gets_no_email()
    {
        SolicitationsQueriesFake.Contact = null;

        await Host.PublishAsync(new NeedStillWaiting(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), DateTime.UtcNow.AddDays(-9), 1));

        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.email"), Is.Zero);
    }
}
