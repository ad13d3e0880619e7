using Dapper;
using Npgsql;
using PdE.Solicitations.Contracts;
using PdE.Testing;

namespace PdE.Notifications.Tests.DeliverEmail;

/// <summary>Issue 13 item 3: an e-mail older than 3 years loses its recipient and bodies; what was sent, and when, stays.</summary>
public sealed class EmailRetentionTests
{
    private static ModuleTestHost Host => NotificationsTestHost.Host;

    [SetUp]
    public Task ResetAsync() => Host.ResetAsync();

    [Test]
    public async Task E_mails_older_than_the_limit_lose_recipient_and_bodies_once()
    {
        await using var connection = new NpgsqlConnection(Host.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into notifications.email (id, template, recipient, subject, html_body, text_body, status, created_at, sent_at)
            values (gen_random_uuid(), 'FollowUpLinkIssued', 'jeanne@boulangerie-martin.fr', 'Votre demande a bien été reçue', '<p>Bonjour Jeanne</p>',
                    'Bonjour Jeanne', 'sent', now() - interval '4 years', now() - interval '4 years'),
                   (gen_random_uuid(), 'FollowUpLinkIssued', 'marc@transports-lefebvre.fr', 'Votre demande a bien été reçue', '<p>Bonjour Marc</p>',
                    'Bonjour Marc', 'sent', now() - interval '2 years', now() - interval '2 years');
            """);

        await Host.PublishAsync(new PersonalDataExpired(Guid.CreateVersion7(), DateTime.UtcNow.AddYears(-3)));
        await Host.PublishAsync(new PersonalDataExpired(Guid.CreateVersion7(), DateTime.UtcNow.AddYears(-3)));

        var emails = (await connection.QueryAsync<(string Recipient, string HtmlBody, string TextBody, string Subject, string Status, bool Anonymised)>(
            "select recipient, html_body, text_body, subject, status, anonymised_at is not null from notifications.email order by created_at")).ToList();
        Assert.That(emails[0], Is.EqualTo(("anonymisé", "", "Effacé : e-mail de plus de 3 ans", "Votre demande a bien été reçue", "sent", true)));
        Assert.That(emails[1], Is.EqualTo(("marc@transports-lefebvre.fr", "<p>Bonjour Marc</p>", "Bonjour Marc", "Votre demande a bien été reçue", "sent", false)));
    }
}
