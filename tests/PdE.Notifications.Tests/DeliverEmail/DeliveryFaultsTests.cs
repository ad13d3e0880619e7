using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Notifications.Delivery;
using PdE.Notifications.Features.DeliverEmail;
using PdE.Shared.Db;
using PdE.Testing;

namespace PdE.Notifications.Tests.DeliverEmail;

/// <summary>
/// Issue 11, items 3 and 4: the database failing right after the relay accepted an e-mail, and the relay coming back after a
/// long outage. A host of its own, over an SMTP server of its own that the tests switch off and on.
/// </summary>
public sealed class DeliveryFaultsTests
{
    private SmtpCapture smtp = null!;
    private ModuleTestHost host = null!;

    private NpgsqlConnection Connection() =>
        // Outside every pool: the tests end the host's sessions, and must not be caught by it themselves.
        new(new NpgsqlConnectionStringBuilder(host.Database.ConnectionString) { Pooling = false }.ConnectionString);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        smtp = new SmtpCapture();
        host = await NotificationsTestHost.StartHostAsync(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(),
            ["Smtp:Security"] = "None",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await host.DisposeAsync();
        await smtp.DisposeAsync();
    }

    [SetUp]
    public async Task ResetAsync()
    {
        smtp.Refusing = false;
        smtp.OnAccepting = null;
        await host.ResetAsync();
    }

    [Test]
    public async Task Sends_an_email_once_when_the_database_fails_between_the_relays_acceptance_and_mark_sent()
    {
        var match = MatchEvents.NewMatch("pendant.la.panne@cci-paris-idf.example.fr");
        await host.PublishAsync(match);
        smtp.OnAccepting = async _ =>
        {
            smtp.OnAccepting = null;
            await EndEveryDatabaseSessionAsync();
        };

        try
        {
            // As the host's dispatcher loop would: rounds until nothing is pending (a round may fail on the broken connections),
            // each failed event made due at once instead of after its backoff.
            for (var round = 0; round < 5 && await PendingEventsAsync() > 0; round++)
            {
                try
                {
                    await host.DispatchOutboxAsync();
                }
                catch (Exception ex) when (TransientDatabaseFailure.Is(ex))
                {
                    TestContext.Progress.WriteLine($"Dispatch round {round} failed: {ex.Message}");
                }

                await using var connection = Connection();
                await connection.ExecuteAsync("update notifications.outbox_message set next_attempt_at = now() where processed_at is null");
            }
        }
        finally
        {
            // Idle connections of the pools that the restart broke, and nobody has touched since: not for the next test.
            host.Services.GetRequiredService<NpgsqlDataSource>().Clear();
            NpgsqlConnection.ClearAllPools();
        }

        await using var check = Connection();
        var (emailId, status) = await check.QuerySingleAsync<(Guid, string)>("select id, status from notifications.email");
        var received = smtp.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == match.ExpertEmail)).ToList();
        Assert.That(received, Has.Count.EqualTo(1), "the e-mail left once although the database failed right after the relay took it");
        Assert.That(received[0].MessageId, Is.EqualTo(DeliverEmailHandler.MessageIdOf(emailId)), "a stable Message-ID: the e-mail's id");
        Assert.That(status, Is.EqualTo("sent"));
        Assert.That(await PendingEventsAsync(), Is.Zero);
    }

    [Test]
    public async Task Delivers_the_emails_waiting_for_the_relay_as_soon_as_it_accepts_one_again()
    {
        smtp.Refusing = true;
        var waiting = Enumerable.Range(1, 3).Select(i => MatchEvents.NewMatch($"en.attente.{i}@cci-paris-idf.example.fr")).ToList();
        foreach (var match in waiting)
        {
            await host.PublishAsync(match);
        }

        Assert.That(await host.DispatchOutboxAsync(), Is.Zero, "the relay refuses them");
        await using (var connection = Connection())
        {
            Assert.That(await connection.QueryAsync<string>("select waiting_for from notifications.outbox_message where processed_at is null"),
                Is.EqualTo(Enumerable.Repeat(MailServer.Target, waiting.Count)), "each e-mail waits for the relay");
            // A long outage: after a dozen failures, each retry waits for the backoff's cap, an hour.
            await connection.ExecuteAsync("""
                update notifications.outbox_message set attempts = 12, next_attempt_at = now() + interval '1 hour'
                where processed_at is null
                """);
        }

        smtp.Refusing = false;
        var next = MatchEvents.NewMatch("apres.la.panne@cci-paris-idf.example.fr");
        await host.PublishAsync(next);
        Assert.That(await host.DispatchOutboxAsync(), Is.EqualTo(1), "a new e-mail goes at once, the relay accepts it");
        Assert.That(await host.DispatchOutboxAsync(), Is.EqualTo(waiting.Count), "and the e-mails that waited for the relay are due at once");

        var expected = waiting.Append(next).Select(m => m.ExpertEmail).ToList();
        var recipients = smtp.Messages.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Where(expected.Contains).ToList();
        Assert.That(recipients, Is.EquivalentTo(expected), "each once");
        Assert.That(await PendingEventsAsync(), Is.Zero);
    }

    [Test]
    public void An_email_refused_for_itself_does_not_wait_for_the_relay()
    {
        // Only a failure of the relay is brought forward by the relay's next success: not a message or recipient refused for good.
        Assert.That(MailServer.IsAtFault(new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted,
            MailKit.Net.Smtp.SmtpStatusCode.MailboxUnavailable, "550 no such user")), Is.False);
        Assert.That(MailServer.IsAtFault(new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted,
            MailKit.Net.Smtp.SmtpStatusCode.TransactionFailed, "554 spam")), Is.False);
        Assert.That(MailServer.IsAtFault(new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.MessageNotAccepted,
            MailKit.Net.Smtp.SmtpStatusCode.ServiceNotAvailable, "421 closing")), Is.True);
        Assert.That(MailServer.IsAtFault(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)), Is.True);
        Assert.That(MailServer.IsAtFault(new TimeoutException()), Is.True);
    }

    /// <summary>Ends every session of the host's database, as a PostgreSQL restart would, and waits until they are gone.</summary>
    private async Task EndEveryDatabaseSessionAsync()
    {
        await using var connection = Connection();
        await connection.OpenAsync();
        await connection.ExecuteAsync("""
            select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
            """);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await connection.ExecuteScalarAsync<int>(
            "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()") > 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the sessions did not end");
            await Task.Delay(20);
        }
    }

    private async Task<int> PendingEventsAsync()
    {
        await using var connection = Connection();
        return await connection.ExecuteScalarAsync<int>("select count(*) from notifications.outbox_message where processed_at is null");
    }
}
