using System.Diagnostics;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

namespace PdE.Benchmarks;

/// <summary>
/// Accepted submissions per second of step 3 (the last step: checks, row update, blocklist lookup, two outbox events and
/// the follow-up link, in one transaction), with several senders at once against a real PostgreSQL.
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- intake-load`
/// </summary>
internal static class IntakeLoad
{
    private const string Drafts = """
        insert into solicitations.solicitation
            (id, status, full_name, email, phone, subject_slug, siret, commune_code, company_name, naf_code, legal_form_code,
             headcount_bracket, company_created_on, created_at, updated_at)
        select gen_random_uuid(), 'draft', 'Jeanne Martin', 'demandeur' || n || '@example.fr', '0612345678', 'financer-projet',
               '73282932000074', '75111', 'BOULANGERIE MARTIN', '10.71C', '5499', '03', date '2012-03-15', now(), now()
        from generate_series(1, @Count) n
        returning id
        """;

    private static readonly QuestionAnswer[] Answers =
    [
        new("financement-bancaire", "Avez-vous déjà un financement bancaire ?", true),
        new("projet-demarre", "Le projet a-t-il déjà commencé ?", false),
    ];

    public static async Task MeasureAsync(int requests = 6_000, int senders = 8)
    {
        await using var host = await BenchmarkHost.StartAsync();
        await using var connection = new NpgsqlConnection(host.Database.ConnectionString);
        var ids = (await connection.QueryAsync<Guid>(Drafts, new { Count = requests + 500 })).ToArray();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<Guid>(ids);
        var timings = new System.Collections.Concurrent.ConcurrentBag<double>();
        var accepted = 0;

        async Task SendAsync(bool measured)
        {
            while (queue.TryDequeue(out var id))
            {
                var started = Stopwatch.GetTimestamp();
                await using var scope = host.Services.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SubmitSolicitationCommand(
                    id, "Nous voulons acheter un nouveau four à pain pour doubler la production.", "Mon projet consiste à…", Answers));
                if (measured && sent)
                {
                    timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref accepted);
                }
            }
        }

        // Warm-up on the first 500 drafts (JIT, connection pool, prepared statements), then the measured run.
        var warmUp = new System.Collections.Concurrent.ConcurrentQueue<Guid>();
        for (var i = 0; i < 500 && queue.TryDequeue(out var id); i++)
        {
            warmUp.Enqueue(id);
        }

        var measuredQueue = queue;
        queue = warmUp;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => SendAsync(measured: false)));
        queue = measuredQueue;

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => SendAsync(measured: true)));
        clock.Stop();

        var sorted = timings.Order().ToArray();
        Console.WriteLine($"Step 3 with {senders} concurrent senders: {accepted} accepted in {clock.Elapsed.TotalSeconds:0.00} s = " +
                          $"{accepted / clock.Elapsed.TotalSeconds:0} accepted submissions per second; latency p50 {sorted[sorted.Length / 2]:0.00} ms, " +
                          $"p99 {sorted[sorted.Length * 99 / 100]:0.00} ms, max {sorted[^1]:0.00} ms");
    }
}
