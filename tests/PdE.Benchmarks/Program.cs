using BenchmarkDotNet.Running;
using PdE.Benchmarks;

// dotnet run -c Release --project tests/PdE.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project tests/PdE.Benchmarks -- latency         (p50/p99 of the routing query, then of routing with explanations)
// dotnet run -c Release --project tests/PdE.Benchmarks -- routing-latency (p50/p99 of FindRoutingCandidates + RoutingEngine for one need)
// dotnet run -c Release --project tests/PdE.Benchmarks -- users-import    (users CSV import, 2,000 and 20,000 lines)
// dotnet run -c Release --project tests/PdE.Benchmarks -- directory-shell (the generated directory, kept up for EXPLAIN in psql)
// dotnet run -c Release --project tests/PdE.Benchmarks -- intake-load [N] (accepted submissions per second of step 3 with N senders, default 8; p50/p99)
// dotnet run -c Release --project tests/PdE.Benchmarks -- inbox-latency [N] [R] [E] (N requests, default 1,000,000, ~1 need each, ~3 matches each, one expert with
//                                                                            10,000: seeding time, then p50/p95/p99 of the expert inbox through HTTP,
//                                                                            R requests per case, default 300; E: the heavy expert, 1 with
//                                                                            10,000 matches (default) or 2 with a fifth of all)
// dotnet run -c Release --project tests/PdE.Benchmarks -- desk-latency [N] [R] (the triage desk through HTTP over N requests, default 1,000,000:
//                                                                           p50/p95/p99 of tabs, a deep page, searches and filters, R rounds, default 200)
// dotnet run -c Release --project tests/PdE.Benchmarks -- stats-latency [N] [R] (/stats with each filter, « Comment ça marche » and the team's
//                                                                           statistics through HTTP over N requests, Stats rebuilt from them
//                                                                           if empty: p50/p95/p99, R rounds, default 30)
// dotnet run -c Release --project tests/PdE.Benchmarks -- search-latency [N] [R] (the agents' search box through HTTP over N requests, as the team
//                                                                           and as each heavy expert: p50/p95/p99, R rounds, default 30)
// dotnet run -c Release --project tests/PdE.Benchmarks -- inbox-shell [N]   (the same seeded database and site, kept up for EXPLAIN in psql and a browser)
// dotnet run -c Release --project tests/PdE.Benchmarks -- seed [--requests N] (the generated directory and N requests, default 1,000,000, with
//                                                                          their needs, matches and histories, into PDE_BENCH_DATABASE)
// dotnet run -c Release --project tests/PdE.Benchmarks -- load [--requests N] [--seconds S] [--rounds R] [--write-only] (the HTTP load harness over the
//                                                                          seeded database, N as for seed: pgbench single-row insert, a static file,
//                                                                          the partner API and the 3-step form at 8 connections, the API open loop
//                                                                          at 80 %, the API with no delivery (and the CPU per request of both API
//                                                                          phases), S s each (default 20), then R rounds (default 30) of the desk,
//                                                                          inbox and /stats pages; one table of ratios and p50/p95/p99;
//                                                                          --write-only: without the pages)
// dotnet run -c Release --project tests/PdE.Benchmarks -- email-throughput [N] (N « nouveau besoin » e-mails, default 2,000, through the whole
//                                                                          pipeline to a loopback SMTP server, against that server's own rate)
// dotnet run -c Release --project tests/PdE.Benchmarks -- retention-purge (every module's retention purge over all of PDE_BENCH_DATABASE,
//                                                                          on a copy of it made first and dropped after)
if (args is ["seed", ..])
{
    var at = Array.IndexOf(args, "--requests");
    await using var seeded = await PdE.Benchmarks.Seeding.SeededSite.StartAsync(
        at > 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args is ["load", ..])
{
    int Option(string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at > 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    await LoadHarness.MeasureAsync(requests: Option("--requests", 1_000_000), seconds: Option("--seconds", 20), rounds: Option("--rounds", 30),
        writeOnly: args.Contains("--write-only"));
    return;
}

if (args is ["email-throughput", ..])
{
    await EmailThroughput.MeasureAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
    return;
}

if (args is ["retention-purge", ..])
{
    await RetentionPurge.MeasureAsync();
    return;
}

if (args is ["latency", ..])
{
    await FindExpertsForNeedBenchmarks.MeasureLatencyAsync();
    return;
}

if (args is ["routing-latency", ..])
{
    await RoutingProposalLatency.MeasureAsync();
    return;
}

if (args is ["directory-shell", ..])
{
    await using var host = await GeneratedDirectory.StartAsync();
    var database = new Npgsql.NpgsqlConnectionStringBuilder(host.Database.ConnectionString);
    Console.WriteLine($"psql \"host={database.Host} port={database.Port} user={database.Username} dbname={database.Database}\"   (Enter stops it)");
    Console.ReadLine();
    return;
}

if (args is ["intake-load", ..])
{
    await IntakeLoad.MeasureAsync(senders: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8);
    return;
}

if (args is ["inbox-latency" or "inbox-shell", ..])
{
    await InboxLatency.MeasureAsync(
        requests: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        rounds: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300,
        shell: args[0] == "inbox-shell",
        expert: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return;
}

if (args is ["search-latency", ..])
{
    await SearchLatency.MeasureAsync(
        requests: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        rounds: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

if (args is ["stats-latency", ..])
{
    await StatsLatency.MeasureAsync(
        requests: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        rounds: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

if (args is ["desk-latency", ..])
{
    await DeskLatency.MeasureAsync(
        requests: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        rounds: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

if (args is ["users-import", ..])
{
    await UsersImportTimings.MeasureAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
