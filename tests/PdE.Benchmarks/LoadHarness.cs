using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PdE.Benchmarks.Seeding;
using PdE.Shared.Hosting;
using PdE.Shared.Outbox;
using PdE.Solicitations.Features.PartnerApi;
using static PdE.Benchmarks.InboxLatency;

namespace PdE.Benchmarks;

/// <summary>
/// The HTTP load harness (issue 16, item 5): in one run, on the same machine and the same PostgreSQL server, what the site
/// sustains beside what the server and Kestrel alone do. Over the database of <see cref="SeededSite"/> (PDE_BENCH_DATABASE,
/// seeded by <c>seed --requests N</c>) and the real site on a loopback port:
/// <list type="number">
/// <item>pgbench's single-row insert (8 clients, 2 threads, S seconds) into a probe table created for the run and dropped after:
/// the reference rate of durable writes on that server;</item>
/// <item>a static file of the same Kestrel at 8 connections: the floor of any answer;</item>
/// <item>the triage desk (as the generated admin), the expert inbox (as the first heavy expert) and <c>/stats</c>, one
/// request at a time, round robin over <see cref="DeskLatency"/>'s and <see cref="InboxLatency"/>'s cases and the static file:
/// measured before the run files anything, so at the volume as seeded (or as earlier runs left it);</item>
/// <item>the partner API <c>POST /api/v1/solicitations</c> at 8 connections (closed loop), with a key created for the run
/// (revoked at the end), a distinct requester e-mail per call, the demo SIRETs of the offline registry: accepted (201) per second,
/// and sustained: the requests accepted over the measure and the time taken to deliver their events (confirmation e-mails,
/// stats) after it;</item>
/// <item>the three-step public form at 8 connections as a browser files it (each form a new visitor: its own cookies, each
/// page fetched and its anti-forgery token posted back, step 2 searched by SIRET then picked), up to the confirmation page;</item>
/// <item>the partner API again, open loop, at 80 % of the sustained rate of 4, then at 80 % of its accepted rate (up to 64
/// requests in flight; latency counted from the instant each request was due, so a site that falls behind shows it);</item>
/// <item>the partner API once more, closed loop, with the site's outbox dispatcher stopped: what accepting a request costs
/// alone, its events delivered only after the measure.</item>
/// </list>
/// For 4 and 7, the CPU time per request of the site's process (the harness's clients included) and of the PostgreSQL
/// server's processes (<see cref="ProcessorTime"/>), beside what the machine's cores allow per request at the target's rate;
/// for 4 also over the measure and the delivery of its events.
/// Before each phase from 4 on, and before 4's measure, the run waits (at most 120 s) for the events of the requests already
/// filed to be delivered.
/// Each closed-loop phase lasts S seconds after a warm-up of S/10 (at least 1 s) and stops at <see cref="MaxPerPhase"/> requests;
/// the whole run takes about 8 × S plus the warm-ups, the waits and the page rounds. Requests the run files stay in the
/// database (« Reçues », e-mails <c>load-&lt;run&gt;-…@example.fr</c>; the API's with campaign <c>load-harness</c>): the run
/// says how many. A database kept for measurements is better loaded through a copy
/// (<c>create database volume_load template volume</c>, while nothing is connected to it).
/// `dotnet run -c Release --project tests/PdE.Benchmarks -- load [--requests N] [--seconds S] [--rounds R]`
/// </summary>
internal static partial class LoadHarness
{
    private const int Connections = 8;
    private const int MaxInFlight = 64;
    private const int MaxPerPhase = 100_000;
    private const int WarmUpRounds = 3;

    /// <summary>
    /// A closed-loop phase warms up until the JIT compiles fewer methods than this in a second (tiered compilation of the
    /// phase's code paths takes 10 to 15 s of this 2-core machine's CPU): a site runs for days, the figures are those of a
    /// warm one. Bounded by <see cref="MaxWarmUp"/>.
    /// </summary>
    private const int SettledJitPerSecond = 30;

    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(30);

    /// <summary>A page slower than this in its warm-up is measured on <see cref="SlowRounds"/> rounds only: the run stays bounded.</summary>
    private const double SlowMs = 1_000;

    private const int SlowRounds = 5;

    private const double ThroughputTarget = 0.30;
    private const double RateShare = 0.80;
    private const double LatencyTargetMs = 100;

    private const string Favicon = "/lib/dsfr/favicon/favicon.svg";
    private const string ApiPath = "/api/v1/solicitations";

    /// <summary>
    /// The open establishments in France of the offline registry's demo companies (Features/Companies/DemoCompanies.json),
    /// BOULANGERIE MARTIN first: requests go round them, so that no SIRET gathers all the run's requests.
    /// </summary>
    private static readonly string[] Sirets =
    [
        "73282932000074", "84215736400014", "39861247300023", "39861247300031", "39861247300049", "81947263000014", "88312459600015",
        "45329871300026", "79046318600011", "90173624900011", "51268439000010", "82674135700014", "78254193200011", "85063217500012",
        "53791846800019", "88943217500012", "91427368500018",
    ];

    private const string Description = "Nous voulons acheter un nouveau four à pain pour doubler la production de la boulangerie.";

    /// <param name="requests">The volume <see cref="SeededSite"/> generates when its database holds none yet.</param>
    /// <param name="seconds">S: the length of each measured phase.</param>
    /// <param name="rounds">Rounds over the desk, inbox and stats pages.</param>
    /// <param name="writeOnly">Only the reference figures and the write phases (1, 2, 4 to 7): the pages are not measured.</param>
    public static async Task MeasureAsync(int requests = 1_000_000, int seconds = 20, int rounds = 30, bool writeOnly = false)
    {
        var loadBefore = LoadAverage();
        var clock = Stopwatch.StartNew();
        await using var seeded = await SeededSite.StartAsync(requests);
        var address = seeded.Site.Address;
        if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            throw new InvalidOperationException($"The load harness only loads a loopback address, not {address}.");
        }

        var server = await ServerAsync(seeded.ConnectionString);
        Console.WriteLine($"PostgreSQL {server}; load average before: {loadBefore}");
        var cpu = await ProcessorTime.OfServerAsync(seeded.ConnectionString);
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Max(1, seconds / 10.0));
        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var rows = new List<Row>();

        // Events an earlier run left (its last phase's) are delivered first: the reference must not share the machine with them.
        await DrainAsync(seeded.ConnectionString, DateTime.MinValue, TimeSpan.FromSeconds(120), "events an earlier run left",
            "pgbench shares the machine with them");

        // 1. pgbench single-row insert: the reference.
        var pgbenchFrom = cpu?.Now();
        var insert = await PgbenchInsertAsync(seeded.ConnectionString, seconds);
        var pgbenchTo = cpu?.Now();
        var tps = insert?.Tps ?? double.NaN;
        rows.Add(new Row($"pgbench insert, {Connections} clients", insert is null ? "failed" : $"{tps:N0} tx/s", "(the reference)",
            insert is null ? "" : "1.00", insert?.Timings, ""));

        // What the machine's cores allow per request at the target's rate, everything included (site, clients, server).
        var budgetMs = Environment.ProcessorCount * 1000 / (ThroughputTarget * tps);
        Row CpuRow(string figure, ProcessorTime.Sample? from, ProcessorTime.Sample? to, int requests)
        {
            if (from is null || to is null || requests == 0)
            {
                return new Row(figure, "n/a", "", "", null, "");
            }

            var (site, database) = from.PerRequest(to, requests);
            return new Row(figure, $"{site:N2} + {database:N2} ms", double.IsNaN(budgetMs) ? "" : $"{budgetMs:N2} ms at {ThroughputTarget:0.00} of pgbench",
                Ratio(site + database, budgetMs), null, "");
        }

        // The server's side of a pgbench insert (pgbench's own process is not counted; the site is idle meanwhile).
        rows.Add(CpuRow("  CPU per insert: site + server", pgbenchFrom, pgbenchTo, insert?.Count ?? 0));

        // 2. A static file of the same Kestrel.
        var staticFile = await ClosedLoopAsync($"static {Favicon}", address, duration, warmUp, GetStaticAsync);
        rows.Add(new Row($"static favicon.svg, {Connections} conn", $"{staticFile.Rate:N0} req/s", "pgbench insert tx/s",
            Ratio(staticFile.Rate, tps), staticFile.Timings, ""));

        // 3. The desk, the inbox and the stats at the generated volume, before this run files anything (the requests it files
        // stay: measured after them, « Reçues » and its flags would show the run, not the volume).
        var pages = writeOnly ? new List<PageResult>() : await MeasurePagesAsync(seeded, rounds);
        var floor = pages.FirstOrDefault()?.Timings;
        var pageRows = new List<Row>();
        foreach (var (page, index) in pages.Select((p, i) => (p, i)))
        {
            pageRows.Add(new Row($"{page.Group}: {page.Case.Name}",
                string.Join(", ", new[] { page.Failed > 0 ? $"{page.Failed} failed" : "", page.Slow ? $"{SlowRounds} rounds: slow" : "" }.Where(v => v.Length > 0)),
                index == 0 ? "(the reference)" : "favicon p50, 1 conn",
                index == 0 || page.Timings is null || floor is null ? "" : $"×{page.Timings.P50 / floor.P50:N1}",
                page.Timings,
                page.Group is "desk" or "inbox" ? Met(page.Failed == 0 && page.Timings is { } t && t.P95 < LatencyTargetMs, $"p95 < {LatencyTargetMs} ms") : ""));
        }

        // 4. The partner API, closed loop. Its warm-up's events are delivered before the measure starts, and the measure's
        // after it ends: the sustained rate counts the time the site takes to deliver what it accepted, since a site cannot
        // accept faster than it delivers for long.
        var since = DateTime.UtcNow;
        var backlogLimit = TimeSpan.FromSeconds(120);
        var key = await CreateKeyAsync(seeded.ConnectionString, run);
        try
        {
            var apiSequence = 0;

            // The next partner request of the run, its latency counted from `due` (now for a closed loop).
            Task<Outcome> PostNextApiAsync(HttpClient client, long due) =>
                PostApiAsync(client, key.Secret, Interlocked.Increment(ref apiSequence), run, due);

            var measured = DateTime.MaxValue;
            ProcessorTime.Sample? cpuFrom = null;
            var api = await ClosedLoopAsync($"partner API {ApiPath}", address, duration, warmUp,
                (client, _) => PostNextApiAsync(client, Stopwatch.GetTimestamp()),
                afterWarmUp: async () =>
                {
                    await DrainAsync(seeded.ConnectionString, since, backlogLimit, "the warm-up's events", "the measure starts behind them");
                    measured = DateTime.UtcNow;
                    cpuFrom = cpu?.Now();
                });
            var cpuMeasured = cpu?.Now();
            rows.Add(new Row($"partner API accepted, {Connections} conn", $"{api.Rate:N1} /s", "pgbench insert tx/s",
                Ratio(api.Rate, tps), api.Timings, Met(api.Rate / tps >= ThroughputTarget, $"≥ {ThroughputTarget:0.00}")));
            rows.Add(CpuRow("  CPU per request: site + server", cpuFrom, cpuMeasured, api.Ok));
            var backlog = await DrainAsync(seeded.ConnectionString, measured, backlogLimit, "events of the measure", "the next phase starts behind them");
            var cpuDelivered = cpu?.Now();
            var sustained = api.Ok / (api.Elapsed + backlog.Elapsed).TotalSeconds;
            rows.Add(new Row("  accepted and delivered (sustained)", $"{sustained:N1} /s", "pgbench insert tx/s", Ratio(sustained, tps), null,
                Met(backlog.Done && sustained / tps >= ThroughputTarget, $"≥ {ThroughputTarget:0.00}")));
            rows.Add(CpuRow("  CPU per request, its delivery included", cpuFrom, cpuDelivered, backlog.Done ? api.Ok : 0));
            if (backlog.Rate is { } perSecond)
            {
                rows.Add(new Row("  outbox dispatch of its backlog, alone", $"{perSecond:N0} events/s", "", "", null, ""));
            }

            // 5. The public form, three steps, as a browser files it.
            var formSequence = 0;
            var form = await ClosedLoopAsync("public form, 3 steps", address, duration, warmUp,
                (client, _) => FileFormAsync(client, Interlocked.Increment(ref formSequence), run));
            rows.Add(new Row($"public form completed, {Connections} conn", $"{form.Rate:N1} /s", "pgbench insert tx/s",
                Ratio(form.Rate, tps), form.Timings, Met(form.Rate / tps >= ThroughputTarget, $"≥ {ThroughputTarget:0.00}")));
            if (form.Whole is { } whole)
            {
                rows.Add(new Row("  the whole form (7 requests)", "", "", "", whole, ""));
            }

            // 6. The partner API open loop, at 80 % of the sustained rate (a load the site can keep up with), then at 80 % of the
            // rate it accepts (a load it accepts faster than it delivers, so its events pile up behind the requests).
            foreach (var (basis, rate) in new[] { ("sustained", sustained), ("accepted", api.Rate) })
            {
                await DrainAsync(seeded.ConnectionString, since, backlogLimit);
                var offered = RateShare * rate;
                var open = await OpenLoopAsync(address, offered, duration, PostNextApiAsync);
                rows.Add(new Row($"partner API at {RateShare:P0} of {basis} ({offered:N1}/s)", $"{open.Rate:N1} /s", $"p99 limit {LatencyTargetMs} ms",
                    open.Timings is null ? "" : $"{open.Timings.P99 / LatencyTargetMs:N2}", open.Timings,
                    Met(open.Timings is { } t && t.P99 < LatencyTargetMs && open.Failed == 0, $"p99 < {LatencyTargetMs} ms")));
            }

            // 7. The partner API with this host's dispatch stopped: what accepting a request costs by itself, none of its events
            // delivered while it is measured (delivered after, once the dispatch has started again). Like any host whose loops do
            // not run, it notifies each event, so its commits queue on PostgreSQL's NOTIFY lock: read its CPU per request more
            // than its rate.
            await DrainAsync(seeded.ConnectionString, since, backlogLimit);
            var dispatcher = seeded.Site.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
            await dispatcher.StopAsync(CancellationToken.None);
            try
            {
                ProcessorTime.Sample? aloneFrom = null;
                var alone = await ClosedLoopAsync("partner API, this host's dispatch stopped", address, duration, warmUp,
                    (client, _) => PostNextApiAsync(client, Stopwatch.GetTimestamp()),
                    afterWarmUp: () =>
                    {
                        aloneFrom = cpu?.Now();
                        return Task.CompletedTask;
                    });
                var aloneTo = cpu?.Now();
                rows.Add(new Row($"partner API, nothing delivered, {Connections} conn", $"{alone.Rate:N1} /s", "pgbench insert tx/s",
                    Ratio(alone.Rate, tps), alone.Timings, ""));
                rows.Add(CpuRow("  CPU per request: site + server", aloneFrom, aloneTo, alone.Ok));
            }
            finally
            {
                await dispatcher.StartAsync(CancellationToken.None);
            }

            // The run leaves no events behind for the next one.
            await DrainAsync(seeded.ConnectionString, since, TimeSpan.FromSeconds(120), otherwise: "the next run delivers them first");
        }
        finally
        {
            await RevokeKeyAsync(seeded.ConnectionString, key.Id);
        }

        rows.AddRange(pageRows);
        var filed = await CountFiledAsync(seeded.ConnectionString, run);
        Console.WriteLine();
        Console.WriteLine($"Database: {(seeded.Durable ? "durable (PDE_BENCH_DATABASE)" : "a throwaway database of the tests' cluster, fsync off: NOT representative")}; " +
                          $"PostgreSQL {server}");
        Console.WriteLine($"Load average of the machine (1, 5, 15 min) before: {loadBefore}, after: {LoadAverage()}; {Environment.ProcessorCount} cores; " +
                          $"run {run}, {clock.Elapsed.TotalSeconds:N0} s; S = {seconds} s, {rounds} page rounds; {filed:N0} requests filed by the run stay in the database");
        Console.WriteLine("Ratios: throughputs to pgbench's insert rate (target ≥ 0.30); the open loop's p99 to its 100 ms limit; pages' p50 to the favicon's p50 " +
                          "(1 connection). Latencies: per request; for the form, its last step's POST; for the open loop, from the instant each request was due.");
        Print(rows);
    }

    private sealed record Row(string Figure, string Value, string Limit, string Ratio, Timings? Timings, string Target);

    /// <param name="Whole">For the form: from its first GET to its confirmation page.</param>
    private sealed record Phase(int Ok, int Failed, TimeSpan Elapsed, Timings? Timings, Timings? Whole = null)
    {
        public double Rate => Ok / Elapsed.TotalSeconds;
    }

    /// <param name="Ms">The latency measured (for the form: its last POST).</param>
    /// <param name="Failure">Null when it succeeded; else what failed (e.g. « 400 », « step 2: 200 »), counted by that.</param>
    /// <param name="Detail">For a failure: the answer's body (or its error messages).</param>
    /// <param name="WholeMs">For the form: the whole of it.</param>
    private readonly record struct Outcome(double Ms, string? Failure = null, string? Detail = null, double WholeMs = 0);

    private static string Ratio(double value, double reference) =>
        double.IsNaN(reference) || reference == 0 ? "" : (value / reference).ToString(value / reference < 0.1 ? "N3" : "N2", CultureInfo.InvariantCulture);

    private static string Met(bool met, string target) => $"{target}: {(met ? "yes" : "NO")}";

    private static void Print(List<Row> rows)
    {
        var width = Math.Max(40, rows.Max(r => r.Figure.Length));
        string Ms(double? value) => value is { } v ? v.ToString("N2", CultureInfo.InvariantCulture) : "";
        Console.WriteLine($"{"figure".PadRight(width)} | {"value",-14} | {"limit (compared with)",-26} | {"ratio",9} | {"p50 ms",8} | {"p95 ms",8} | {"p99 ms",8} | target met");
        Console.WriteLine(new string('-', width + 103));
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Figure.PadRight(width)} | {row.Value,-14} | {row.Limit,-26} | {row.Ratio,9} | {Ms(row.Timings?.P50),8} | " +
                              $"{Ms(row.Timings?.P95),8} | {Ms(row.Timings?.P99),8} | {row.Target}");
        }
    }

    // ---- PostgreSQL ------------------------------------------------------------------------------------------------

    private static async Task<string> ServerAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var (version, fsync, synchronousCommit, maxWalSize) = await connection.QuerySingleAsync<(string, string, string, string)>(
            "select current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('max_wal_size')");
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{version} at {csb.Host}:{csb.Port}/{csb.Database}, fsync {fsync}, synchronous_commit {synchronousCommit}, max_wal_size {maxWalSize}";
    }

    /// <summary>pgbench, 8 clients on 2 threads for S seconds, one single-row insert per transaction, into a probe table of the run.</summary>
    private static async Task<(double Tps, int Count, Timings Timings)?> PgbenchInsertAsync(string connectionString, int seconds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            drop table if exists public.load_probe;
            create table public.load_probe (id bigserial primary key, payload text not null, created_at timestamptz not null default now());
            """);
        try
        {
            Console.WriteLine($"pgbench single-row insert: {Connections} clients, {seconds} s…");
            var run = await Pgbench.RunAsync(connectionString,
                "\\set n random(1, 1000000000)\ninsert into public.load_probe (payload) values (:n);\n", Connections, threads: 2, seconds);
            if (run is null)
            {
                return null;
            }

            var timings = Timings.Of(run.Latencies);
            Console.WriteLine($"  {run.Latencies.Count:N0} transactions, {run.Tps:N0} tx/s, p50 {timings.P50:N2} ms, p99 {timings.P99:N2} ms");
            return (run.Tps, run.Latencies.Count, timings);
        }
        finally
        {
            await connection.ExecuteAsync("drop table if exists public.load_probe");
        }
    }

    /// <summary>A key as /admin/cles-api makes one (<see cref="PartnerApiKeySecret"/>: stored hashed), for an institution of the directory, valid a day.</summary>
    private static async Task<(Guid Id, string Secret)> CreateKeyAsync(string connectionString, string run)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var institution = await connection.QueryFirstAsync<(Guid Id, string Name)>(
            "select id, name from directory.institution where deleted_at is null order by name limit 1");
        var secret = PartnerApiKeySecret.Create();
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync("""
            insert into solicitations.partner_api_key
                (id, institution_id, institution_name, label, key_prefix, secret_hash, created_by, created_at, expires_at)
            values (@Id, @InstitutionId, @InstitutionName, @Label, @KeyPrefix, @Hash, 'load harness', now(), now() + interval '1 day')
            """, new
        {
            Id = id,
            InstitutionId = institution.Id,
            InstitutionName = institution.Name,
            Label = $"Load harness {run}",
            KeyPrefix = PartnerApiKeySecret.PrefixOf(secret),
            Hash = PartnerApiKeySecret.Hash(secret),
        });
        return (id, secret);
    }

    private static async Task RevokeKeyAsync(string connectionString, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            "update solicitations.partner_api_key set revoked_at = now(), revoked_by = 'load harness' where id = @Id and revoked_at is null", new { Id = id });
    }

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until the events of the requests filed so far are delivered (confirmation e-mails,
    /// stats): each phase starts from a quiet site rather than behind the previous one's backlog.
    /// </summary>
    /// <returns>How long it waited, whether nothing was left, and the events delivered per second of the wait (null when none was
    /// pending): how fast the outbox's dispatch empties a backlog with nothing else running.</returns>
    private static async Task<Drained> DrainAsync(
        string connectionString, DateTime since, TimeSpan limit, string what = "events of the run", string otherwise = "the next phase starts behind them")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var schemas = (await connection.QueryAsync<string>(
            "select table_schema from information_schema.tables where table_name = 'outbox_message' order by 1")).AsList();
        var count = string.Join(" + ", schemas.Select(schema =>
            $"""(select count(*) from "{schema}".outbox_message where processed_at is null and next_attempt_at <= now() and occurred_at >= @Since)"""));
        var clock = Stopwatch.StartNew();
        var first = await connection.ExecuteScalarAsync<long>($"select {count}", new { Since = since });
        var pending = first;
        while (pending > 0 && clock.Elapsed < limit)
        {
            await Task.Delay(250);
            pending = await connection.ExecuteScalarAsync<long>($"select {count}", new { Since = since });
        }

        // Events written while draining (an e-mail queued by a delivered event) count as delivered too: a lower bound.
        var rate = first == 0 ? (double?)null : (first - pending) / clock.Elapsed.TotalSeconds;
        Console.WriteLine(pending == 0
            ? $"  {what} delivered ({clock.Elapsed.TotalSeconds:N1} s; {first:N0} were pending: {rate:N0}/s)"
            : $"  {pending:N0} of {first:N0} {what} still undelivered after {limit.TotalSeconds:N0} s ({rate:N0}/s): {otherwise}");
        return new Drained(clock.Elapsed, pending == 0, rate);
    }

    private sealed record Drained(TimeSpan Elapsed, bool Done, double? Rate);

    private static async Task<long> CountFiledAsync(string connectionString, string run)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from solicitations.solicitation where email like @Pattern", new { Pattern = $"load-{run}-%" });
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    /// <summary>A client of its own connection(s): no cookie container (the form keeps each visitor's cookies itself), no redirects followed.</summary>
    private static HttpClient Client(Uri address, int connections = 1) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = connections })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>8 clients, each sending its next request when the previous one is answered, for a warm-up then for the measure.</summary>
    /// <param name="afterWarmUp">Run between the warm-up and the measure.</param>
    private static async Task<Phase> ClosedLoopAsync(
        string name, Uri address, TimeSpan duration, TimeSpan warmUp, Func<HttpClient, int, Task<Outcome>> send, Func<Task>? afterWarmUp = null)
    {
        var clients = Enumerable.Range(0, Connections).Select(_ => Client(address)).ToArray();
        try
        {
            Console.WriteLine($"{name}: {Connections} connections, warm-up {warmUp.TotalSeconds:N0} s or until the JIT settles, then {duration.TotalSeconds:N0} s…");
            var warming = Stopwatch.StartNew();
            var compiled = JitInfo.GetCompiledMethodCount();
            while (true)
            {
                await RunAsync(TimeSpan.FromSeconds(1), report: false);
                var before = compiled;
                compiled = JitInfo.GetCompiledMethodCount();
                if (warming.Elapsed >= warmUp && compiled - before < SettledJitPerSecond)
                {
                    break;
                }

                if (warming.Elapsed >= MaxWarmUp)
                {
                    Console.WriteLine($"  the JIT still compiled {compiled - before} methods in the last second of a {MaxWarmUp.TotalSeconds:N0} s warm-up: measured anyway");
                    break;
                }
            }

            Console.WriteLine($"  warmed up in {warming.Elapsed.TotalSeconds:N0} s");
            if (afterWarmUp is not null)
            {
                await afterWarmUp();
            }

            return await RunAsync(duration, report: true);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        async Task<Phase> RunAsync(TimeSpan length, bool report)
        {
            var results = new Results();
            var started = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async (client, index) =>
            {
                while (clock.Elapsed < length && Interlocked.Increment(ref started) <= MaxPerPhase)
                {
                    results.Add(await TryAsync(() => send(client, index)));
                }
            }));
            clock.Stop();
            return results.Report(name, clock.Elapsed, report);
        }
    }

    /// <summary>Requests issued on a fixed schedule (rate per second) whatever the answers, up to 64 in flight; one due when 64 are in flight is skipped (a failure).</summary>
    private static async Task<Phase> OpenLoopAsync(Uri address, double rate, TimeSpan duration, Func<HttpClient, long, Task<Outcome>> send)
    {
        const string Name = "partner API, open loop";
        var count = (int)Math.Min(MaxPerPhase, Math.Floor(rate * duration.TotalSeconds));
        Console.WriteLine($"{Name}: {rate:N1} requests/s for {duration.TotalSeconds:N0} s ({count:N0} requests, up to {MaxInFlight} in flight)…");
        using var client = Client(address, MaxInFlight);
        var results = new Results();
        if (count == 0)
        {
            return results.Report(Name, duration, report: true);
        }

        var interval = Stopwatch.Frequency / rate;
        var inFlight = 0;
        var tasks = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                results.Add(new Outcome(0, $"skipped: {MaxInFlight} in flight"));
                continue;
            }

            Interlocked.Increment(ref inFlight);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    results.Add(await TryAsync(() => send(client, due)));
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }));
        }

        await Task.WhenAll(tasks);
        return results.Report(Name, Stopwatch.GetElapsedTime(start), report: true);
    }

    private static async Task<Outcome> TryAsync(Func<Task<Outcome>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Outcome(0, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>What a phase collected; failures counted by kind, the first answer of each kind kept to print.</summary>
    private sealed class Results
    {
        private readonly ConcurrentBag<double> samples = [];
        private readonly ConcurrentBag<double> wholes = [];
        private readonly ConcurrentDictionary<string, int> failures = new();
        private readonly ConcurrentDictionary<string, string> firsts = new();

        public void Add(Outcome outcome)
        {
            if (outcome.Failure is null)
            {
                samples.Add(outcome.Ms);
                if (outcome.WholeMs > 0)
                {
                    wholes.Add(outcome.WholeMs);
                }
            }
            else
            {
                failures.AddOrUpdate(outcome.Failure, 1, (_, n) => n + 1);
                firsts.TryAdd(outcome.Failure, outcome.Detail ?? "");
            }
        }

        public Phase Report(string name, TimeSpan elapsed, bool report)
        {
            var ok = samples.Count;
            var failed = failures.Values.Sum();
            var timings = ok > 0 ? Timings.Of(samples.ToList()) : null;
            var whole = wholes.IsEmpty ? null : Timings.Of(wholes.ToList());
            if (report)
            {
                Console.WriteLine($"  {ok:N0} succeeded, {failed:N0} failed in {elapsed.TotalSeconds:N1} s: {ok / elapsed.TotalSeconds:N1}/s" +
                                  (timings is null ? "" : $", p50 {timings.P50:N2} ms, p99 {timings.P99:N2} ms") +
                                  (whole is null ? "" : $"; whole form p50 {whole.P50:N2} ms, p99 {whole.P99:N2} ms"));
            }

            foreach (var (kind, n) in failures.OrderByDescending(f => f.Value))
            {
                var first = firsts[kind];
                Console.WriteLine($"  {(report ? "" : "warm-up: ")}{n:N0} × {kind}; first answer: {(first.Length > 600 ? first[..600] + "…" : first)}");
            }

            return new Phase(ok, failed, elapsed, timings, whole);
        }
    }

    private static async Task<Outcome> GetStaticAsync(HttpClient client, int _)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(Favicon, HttpCompletionOption.ResponseContentRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return response.StatusCode == HttpStatusCode.OK ? new Outcome(ms) : new Outcome(ms, $"{(int)response.StatusCode}", Encoding.UTF8.GetString(body));
    }

    /// <param name="since">The timestamp the latency counts from: the call (closed loop), or when the request was due (open loop).</param>
    private static async Task<Outcome> PostApiAsync(HttpClient client, string key, int sequence, string run, long since)
    {
        var body = JsonSerializer.Serialize(new
        {
            contact = new { fullName = "Jeanne Martin", email = $"load-{run}-api-{sequence}@example.fr", phone = "06 12 34 56 78" },
            siret = Sirets[sequence % Sirets.Length],
            subject = Subject,
            description = Description,
            campaign = "load-harness",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(since).TotalMilliseconds;
        return response.StatusCode == HttpStatusCode.Created ? new Outcome(ms) : new Outcome(ms, $"{(int)response.StatusCode}", answer);
    }

    /// <summary>
    /// A public subject of the generated directory (GeneratedDirectory: theme « Bench », subjects sujet-1 … sujet-40, none
    /// archived or internal, no prompt, no questions): what the partner API and the form accept there.
    /// </summary>
    private const string Subject = "sujet-1";

    /// <summary>
    /// One request through the public form, as a new visitor's browser: step 1's page and its POST (contact), step 2's page,
    /// its search by SIRET and the POST of the establishment picked, step 3's page and its POST (the description), then the
    /// confirmation page. Each POST sends back the page's hidden fields (the anti-forgery token) and the visitor's cookies.
    /// </summary>
    private static async Task<Outcome> FileFormAsync(HttpClient client, int sequence, string run)
    {
        var siret = Sirets[sequence % Sirets.Length];
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        var whole = Stopwatch.GetTimestamp();
        var start = $"/sujets/{Subject}/demande";

        var step1 = await SendAsync(client, cookies, start);
        if (step1.Status != HttpStatusCode.OK)
        {
            return Failed("step 1 page", step1);
        }

        var contact = SiteHost.HiddenFields(step1.Body);
        contact["Input.FullName"] = "Jeanne Martin";
        contact["Input.Email"] = $"load-{run}-form-{sequence}@example.fr";
        contact["Input.Phone"] = "06 12 34 56 78";
        var started = await SendAsync(client, cookies, start, contact);
        if (started.Status != HttpStatusCode.Redirect || started.Location?.Split('?')[0] is not { } companyPath || !companyPath.EndsWith("/entreprise", StringComparison.Ordinal))
        {
            return Failed("step 1 POST", started);
        }

        var step2 = await SendAsync(client, cookies, started.Location!);
        var search = step2.Status == HttpStatusCode.OK ? await SendAsync(client, cookies, $"{companyPath}?recherche={siret}") : step2;
        var action = search.Status == HttpStatusCode.OK ? PostAction(search.Body, "handler=Etablissement") : null;
        if (action is null)
        {
            return Failed("step 2 page", search);
        }

        var establishment = SiteHost.HiddenFields(search.Body);
        establishment["Input.Siret"] = siret;
        var chosen = await SendAsync(client, cookies, action, establishment);
        if (chosen.Status != HttpStatusCode.Redirect || chosen.Location is not { } describePath || !describePath.EndsWith("/description", StringComparison.Ordinal))
        {
            return Failed("step 2 POST", chosen);
        }

        var step3 = await SendAsync(client, cookies, describePath);
        if (step3.Status != HttpStatusCode.OK)
        {
            return Failed("step 3 page", step3);
        }

        var description = SiteHost.HiddenFields(step3.Body);
        description["Input.Description"] = Description;
        var last = Stopwatch.GetTimestamp();
        var submitted = await SendAsync(client, cookies, describePath, description);
        var ms = Stopwatch.GetElapsedTime(last).TotalMilliseconds;
        if (submitted.Status != HttpStatusCode.Redirect || submitted.Location is not { } receipt || !receipt.StartsWith("/demande/envoyee/", StringComparison.Ordinal))
        {
            return Failed("step 3 POST", submitted);
        }

        var confirmation = await SendAsync(client, cookies, receipt);
        if (confirmation.Status != HttpStatusCode.OK || !confirmation.Body.Contains("votre demande a bien été envoyée", StringComparison.Ordinal))
        {
            return Failed("confirmation page", confirmation);
        }

        return new Outcome(ms, WholeMs: Stopwatch.GetElapsedTime(whole).TotalMilliseconds);
    }

    private sealed record Answer(HttpStatusCode Status, string Body, string? Location);

    /// <summary>A GET (or a form POST) with the visitor's cookies, keeping those the answer sets.</summary>
    private static async Task<Answer> SendAsync(HttpClient client, Dictionary<string, string> cookies, string path, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(form is null ? HttpMethod.Get : HttpMethod.Post, path);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        using var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var pair in set.Select(cookie => cookie.Split(';', 2)[0]))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    cookies[pair[..equals].Trim()] = pair[(equals + 1)..];
                }
            }
        }

        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>The action of the page's POST form whose action contains <paramref name="marker"/>.</summary>
    private static string? PostAction(string page, string marker) =>
        Form().Matches(page).Select(m => m.Value)
            .Where(tag => tag.Contains("method=\"post\"", StringComparison.OrdinalIgnoreCase))
            .Select(tag => SiteHost.Attribute(tag, "action"))
            .FirstOrDefault(action => action.Contains(marker, StringComparison.OrdinalIgnoreCase));

    /// <summary>A failed step: its status, and the page's error messages when it showed the form again (else the start of the body).</summary>
    private static Outcome Failed(string step, Answer answer)
    {
        var messages = ErrorMessage().Matches(answer.Body).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();
        var detail = $"{(answer.Location is null ? "" : $"→ {answer.Location} ")}" +
                     (messages.Count > 0 ? string.Join(" | ", messages) : answer.Body.Length > 300 ? answer.Body[..300] : answer.Body);
        return new Outcome(0, $"{step}: {(int)answer.Status}", detail);
    }

    [GeneratedRegex("<form\\b[^>]*>")]
    private static partial Regex Form();

    [GeneratedRegex("class=\"fr-(?:error-text|message fr-message--error)\"[^>]*>([^<]*)<")]
    private static partial Regex ErrorMessage();

    // ---- Pages at volume -------------------------------------------------------------------------------------------

    private sealed record PageResult(string Group, Case Case, Timings? Timings, int Failed, bool Slow);

    /// <summary>
    /// One connection at a time, round robin over the favicon (the reference), the desk's views (as the generated admin),
    /// the inbox's (as the first heavy expert) and /stats, after <see cref="WarmUpRounds"/> rounds; a page slower than
    /// <see cref="SlowMs"/> in the warm-up only on the first <see cref="SlowRounds"/> rounds.
    /// </summary>
    private static async Task<List<PageResult>> MeasurePagesAsync(SeededSite seeded, int rounds)
    {
        using var anonymous = Client(seeded.Site.Address);
        using var admin = await seeded.Site.SignedInClientAsync(seeded.Volume.AdminEmail, seeded.Volume.AdminPassword);
        using var expert = await seeded.Site.SignedInClientAsync(seeded.Heavy[0].Email, seeded.Heavy[0].Password);
        var cases = new List<(string Group, Case Case, HttpClient Client)> { ("static", new Case("favicon.svg, 1 conn", Favicon, Page: false), anonymous) };
        cases.AddRange((await DeskLatency.CasesAsync(seeded.ConnectionString)).Where(c => c.Page).Select(c => ("desk", c, admin)));
        cases.AddRange((await InboxLatency.CasesAsync(seeded.ConnectionString, seeded.Heavy[0])).Where(c => c.Page).Select(c => ("inbox", c, expert)));
        cases.Add(("stats", new Case("/stats", "/stats"), anonymous));
        Console.WriteLine($"Pages: {cases.Count} cases, {WarmUpRounds} warm-up rounds then {rounds} rounds, one request at a time…");

        var clock = Stopwatch.StartNew();
        var samples = cases.Select(_ => new List<double>(rounds)).ToArray();
        var failed = new int[cases.Count];
        var slow = new bool[cases.Count];
        for (var round = -WarmUpRounds; round < rounds; round++)
        {
            for (var i = 0; i < cases.Count; i++)
            {
                if (slow[i] && round >= SlowRounds)
                {
                    continue;
                }

                var (group, each, client) = cases[i];
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(each.Path, HttpCompletionOption.ResponseContentRead);
                var body = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    if (failed[i]++ == 0)
                    {
                        Console.WriteLine($"  {group} {each.Path} answered {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}");
                    }
                }
                else if (round >= 0)
                {
                    samples[i].Add(elapsed);
                }
                else if (elapsed > SlowMs && !slow[i])
                {
                    slow[i] = true;
                    Console.WriteLine($"  {group} {each.Name}: {elapsed:N0} ms in the warm-up, measured on {Math.Min(SlowRounds, rounds)} rounds only");
                }
            }
        }

        Console.WriteLine($"  {samples.Sum(s => s.Count) + failed.Sum():N0} pages measured in {clock.Elapsed.TotalSeconds:N1} s (warm-up included)");
        return cases.Select((c, i) => new PageResult(c.Group, c.Case, samples[i].Count > 0 ? Timings.Of(samples[i]) : null, failed[i], slow[i])).ToList();
    }
}
