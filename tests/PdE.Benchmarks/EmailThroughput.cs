using System.Diagnostics;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// E-mails per second through the whole pipeline, against the limit of the same SMTP server in the same run:
/// N « nouveau besoin » events written to Matching's outbox at once; the site (every module, Kestrel, durable
/// PDE_BENCH_DATABASE) renders, stores, queues and sends each e-mail to a loopback SMTP server and marks it sent. The
/// limit: the same number of messages sent straight to that server with MailKit, four at a time, one connection each
/// (what the delivery does). `dotnet run -c Release --project tests/PdE.Benchmarks -- email-throughput [N]`
/// </summary>
internal static class EmailThroughput
{
    public static async Task MeasureAsync(int emails)
    {
        var connectionString = Environment.GetEnvironmentVariable("PDE_BENCH_DATABASE")
            ?? throw new InvalidOperationException("Set PDE_BENCH_DATABASE to a durable PostgreSQL database (see README, Benchmarks).");
        Console.WriteLine("Database: durable (PDE_BENCH_DATABASE)");
        await using var smtp = new SmtpCapture();
        var raw = await RawSmtpAsync(smtp.Port, emails);
        var before = smtp.Messages.Count;

        using var site = SiteHost.Start(connectionString, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
        });
        var run = $"email-bench-{Guid.NewGuid():N}";
        var started = Stopwatch.GetTimestamp();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = 0; i < emails; i++)
            {
                await transaction.EnqueueAsync("matching", new MatchCreated(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(),
                    Guid.CreateVersion7(), Guid.CreateVersion7(), "Camille Martin", $"{run}-{i}@cci-paris-idf.example.fr", "CCI Paris Île-de-France",
                    "73282932000074", "Nous voulons recruter un apprenti boulanger à la rentrée.", DateTime.UtcNow, "BOULANGERIE MARTIN",
                    "Recruter un ou plusieurs salariés", "Paris 11e Arrondissement (75011)", DateTime.UtcNow, "/conseiller/besoins/exemple"));
            }

            await transaction.CommitAsync();
        }

        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (smtp.Messages.Count - before < emails)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{smtp.Messages.Count - before} of {emails} e-mails arrived in 10 minutes");
            }

            await Task.Delay(20);
        }

        var pipeline = emails / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            var sent = await connection.ExecuteScalarAsync<long>(
                "select count(*) from notifications.email where recipient like @Run and status = 'sent'", new { Run = run + "%" });
            Console.WriteLine($"{emails:N0} e-mails: pipeline {pipeline:N0}/s ({sent:N0} marked sent), SMTP server alone {raw:N0}/s, ratio {pipeline / raw:P0}");
            await connection.ExecuteAsync("delete from notifications.email where recipient like @Run", new { Run = run + "%" });
        }
    }

    /// <returns>Messages per second the SMTP server takes, four senders, one connection per message.</returns>
    private static async Task<double> RawSmtpAsync(int port, int count)
    {
        var next = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var message = new MimeMessage { Subject = "Nouvelle demande", Body = new TextPart("plain") { Text = "Bonjour Camille Martin," } };
                message.From.Add(MailboxAddress.Parse("contact@place-des-entreprises.local"));
                message.To.Add(MailboxAddress.Parse("camille.martin@cci-paris-idf.example.fr"));
                using var client = new SmtpClient();
                await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
                await client.SendAsync(message);
                await client.DisconnectAsync(true);
            }
        }));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
