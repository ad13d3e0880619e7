using System.Net;
using System.Net.Sockets;
using Dapper;
using MimeKit;
using Npgsql;
using PdE.Notifications.Delivery;
using PdE.Testing;

namespace PdE.Notifications.Tests.DeliverEmail;

/// <summary>The delivery settings the shared host has not: an SMTP relay that is down, and no relay at all.</summary>
public sealed class DeliverEmailTests
{
    private const int MaxAttempts = 3;

    private ModuleTestHost smtpDown = null!;
    private ModuleTestHost pickup = null!;
    private string pickupFolder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        smtpDown = await NotificationsTestHost.StartHostAsync(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = ClosedPort().ToString(),
            ["Smtp:Security"] = "None",
            ["Mail:MaxAttempts"] = MaxAttempts.ToString(),
        });
        pickupFolder = System.IO.Directory.CreateTempSubdirectory("pde-mail-").FullName;
        pickup = await NotificationsTestHost.StartHostAsync(new Dictionary<string, string?> { ["Mail:PickupDirectory"] = pickupFolder });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await smtpDown.DisposeAsync();
        await pickup.DisposeAsync();
        System.IO.Directory.Delete(pickupFolder, recursive: true);
    }

    [Test]
    public async Task Keeps_the_email_pending_and_the_event_for_retry_when_the_smtp_server_is_down()
    {
        await smtpDown.ResetAsync();
        await smtpDown.PublishAsync(MatchEvents.NewMatch("camille.martin@cci-paris-idf.example.fr"));

        Assert.That(await smtpDown.DispatchOutboxAsync(), Is.Zero);

        await using var connection = new NpgsqlConnection(smtpDown.Database.ConnectionString);
        var (processedAt, attempts, lastError, nextAttemptAt, waitingFor) = await connection.QuerySingleAsync<(DateTime?, int, string?, DateTime, string?)>(
            "select processed_at, attempts, last_error, next_attempt_at, waiting_for from notifications.outbox_message");
        Assert.That(processedAt, Is.Null);
        Assert.That(waitingFor, Is.EqualTo(MailServer.Target), "a refused connection is the mail server's failure: its next success brings the retry forward");
        Assert.That(attempts, Is.EqualTo(1));
        Assert.That(lastError, Is.Not.Null.And.Not.Empty);
        Assert.That(nextAttemptAt, Is.GreaterThan(DateTime.UtcNow), "the retry waits for its backoff");
        var email = await connection.QuerySingleAsync<(string Status, int Attempts, string? LastError, DateTime? NextAttemptAt)>(
            "select status, attempts, last_error, next_attempt_at from notifications.email");
        Assert.That(email.Status, Is.EqualTo("pending"));
        Assert.That(email.Attempts, Is.EqualTo(1), "the attempt is counted on the e-mail");
        Assert.That(email.LastError, Does.StartWith("connexion impossible (ConnectionRefused"));
        Assert.That(email.NextAttemptAt, Is.EqualTo(nextAttemptAt).Within(TimeSpan.FromSeconds(1)), "the e-mail says when the outbox tries again");
    }

    [Test]
    public async Task An_email_the_server_keeps_failing_is_given_up_after_the_last_attempt_with_why()
    {
        await smtpDown.ResetAsync();
        await smtpDown.PublishAsync(MatchEvents.NewMatch("camille.martin@cci-paris-idf.example.fr"));
        await using var connection = new NpgsqlConnection(smtpDown.Database.ConnectionString);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // The backoff's wait, skipped.
            await connection.ExecuteAsync("update notifications.outbox_message set next_attempt_at = now() where processed_at is null");
            await smtpDown.DispatchOutboxAsync();
        }

        var email = await connection.QuerySingleAsync<(string Status, int Attempts, string LastError)>(
            "select status, attempts, last_error from notifications.email");
        Assert.That(email.Status, Is.EqualTo("failed"));
        Assert.That(email.Attempts, Is.EqualTo(MaxAttempts));
        Assert.That(email.LastError, Does.StartWith($"Abandonné après {MaxAttempts} tentatives, le serveur d’envoi ne répondant pas : connexion impossible"));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from notifications.outbox_message where processed_at is null"), Is.Zero,
            "the outbox stops retrying");
    }

    [Test]
    public async Task Writes_an_eml_file_when_no_smtp_server_is_configured()
    {
        await pickup.ResetAsync();
        var match = MatchEvents.NewMatch("camille.martin@cci-paris-idf.example.fr");
        await pickup.PublishAsync(match);

        Assert.That(await pickup.DispatchOutboxAsync(), Is.EqualTo(1));

        var files = System.IO.Directory.GetFiles(pickupFolder, "*.eml");
        Assert.That(files, Has.Length.EqualTo(1));
        var message = await MimeMessage.LoadAsync(files[0]);
        Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { match.ExpertEmail }));
        Assert.That(message.TextBody, Does.Contain("732 829 320 00074"));
        await using var connection = new NpgsqlConnection(pickup.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<string>("select status from notifications.email"), Is.EqualTo("sent"));
    }

    [Test]
    public async Task An_email_to_an_address_no_server_can_take_fails_at_once_and_is_never_retried()
    {
        await pickup.ResetAsync();
        var filesBefore = System.IO.Directory.GetFiles(pickupFolder, "*.eml").Length;
        await pickup.PublishAsync(MatchEvents.NewMatch("camille martin@cci-paris-idf.example.fr"));

        Assert.That(await pickup.DispatchOutboxAsync(), Is.EqualTo(1), "the event is done with: no retry");

        await using var connection = new NpgsqlConnection(pickup.Database.ConnectionString);
        var (status, failure) = await connection.QuerySingleAsync<(string, string?)>("select status, last_error from notifications.email");
        Assert.That(status, Is.EqualTo("failed"));
        Assert.That(failure, Is.EqualTo("Adresse du destinataire invalide : « camille martin@cci-paris-idf.example.fr »"));
        Assert.That(System.IO.Directory.GetFiles(pickupFolder, "*.eml"), Has.Length.EqualTo(filesBefore), "nothing was written");
    }

    /// <summary>A loopback port nothing listens on: the connection is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
