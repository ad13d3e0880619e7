using System.Diagnostics;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Stats.Contracts;
using PdE.Testing;

namespace PdE.Benchmarks.Seeding;

/// <summary>
/// The real site over a database holding the generated volume (<see cref="GeneratedDirectory"/> and <see cref="MillionRequests"/>):
/// what the benchmarks at volume measure. PDE_BENCH_DATABASE names a durable database kept between runs (created empty by
/// hand, never dropped here): the first run seeds it, the next ones migrate it and reuse it as it is. Without it, a throwaway
/// database of the test cluster is seeded and dropped at the end (that cluster runs without fsync: fine for a look, not for figures).
/// </summary>
internal sealed class SeededSite : IAsyncDisposable
{
    private readonly TestDatabase? throwaway;

    private SeededSite(TestDatabase? throwaway, string connectionString, SiteHost site, IReadOnlyList<HeavyExpert> heavy, RequestsVolume volume)
    {
        this.throwaway = throwaway;
        ConnectionString = connectionString;
        Site = site;
        Heavy = heavy;
        Volume = volume;
    }

    public string ConnectionString { get; }

    public SiteHost Site { get; }

    /// <summary>The experts with a heavy inbox, in the order of <see cref="RequestsVolume.HeavyExperts"/>.</summary>
    public IReadOnlyList<HeavyExpert> Heavy { get; }

    public RequestsVolume Volume { get; }

    /// <summary>Whether the figures come from a durable cluster (PDE_BENCH_DATABASE) rather than the tests' unsafe one.</summary>
    public bool Durable => throwaway is null;

    public static async Task<SeededSite> StartAsync(int requests)
    {
        var configured = Environment.GetEnvironmentVariable("PDE_BENCH_DATABASE");
        var database = string.IsNullOrWhiteSpace(configured) ? await TestDatabase.CreateAsync() : null;
        var connectionString = database?.ConnectionString ?? configured!;
        Console.WriteLine(database is null
            ? "Database: PDE_BENCH_DATABASE (durable: the cluster's own fsync and synchronous_commit settings)"
            : "Database: a throwaway database of the tests' cluster (fsync off): figures NOT representative; set PDE_BENCH_DATABASE");
        var clock = Stopwatch.StartNew();
        var site = SiteHost.Start(connectionString);
        Console.WriteLine($"Site started (migrations, reference data) in {clock.Elapsed.TotalSeconds:N1} s at {site.Address}");

        var volume = RequestsVolume.Of(requests);
        var heavy = await MillionRequests.FindHeavyExpertsAsync(connectionString, volume);
        if (heavy is null)
        {
            clock.Restart();
            await GeneratedDirectory.GenerateAsync(connectionString);
            Console.WriteLine($"Generated directory (10,000 experts) in {clock.Elapsed.TotalSeconds:N1} s");
            var generated = await MillionRequests.GenerateAsync(connectionString, volume);
            Console.WriteLine($"Seeded: {generated}");
            heavy = generated.Heavy;
        }
        else
        {
            Console.WriteLine("Reusing the requests already seeded in PDE_BENCH_DATABASE");
            // A migration that rewrote the tables (a column added, a backfill) left them as autovacuum would not for long:
            // without statistics and visibility map. Measure the database as it runs, not the minutes after a migration.
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await Vacuum.UntilAllVisibleAsync(connection, "solicitations", "matching");
        }

        // The generator writes the modules' tables, not their events: Stats counts them from their history, as the
        // embedded default's demo does (once; `stats rebuild` again after a projection changed).
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from stats.request_fact)"))
            {
                clock.Restart();
                await using var scope = site.Services.CreateAsyncScope();
                var rebuilt = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RebuildStatsProjections());
                Console.WriteLine($"Stats rebuilt from the modules' history: {rebuilt.Requests:N0} requests, {rebuilt.Needs:N0} needs in {clock.Elapsed.TotalSeconds:N1} s");
            }
        }

        await PrintSizesAsync(connectionString);
        return new SeededSite(database, connectionString, site, heavy, volume);
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        if (throwaway is not null)
        {
            await throwaway.DisposeAsync();
        }
    }

    private static async Task PrintSizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var sizes = await connection.QueryAsync<(string Table, long Rows, string Size, string Indexes)>("""
            select c.relnamespace::regnamespace || '.' || c.relname, c.reltuples::bigint, pg_size_pretty(pg_table_size(c.oid)),
                   pg_size_pretty(pg_indexes_size(c.oid))
            from pg_class c
            where c.relkind = 'r' and (c.relnamespace, c.relname) in (
                ('solicitations'::regnamespace, 'solicitation'), ('matching'::regnamespace, 'need'), ('matching'::regnamespace, 'match'))
            order by 1
            """);
        Console.WriteLine("Sizes: " + string.Join("; ", sizes.Select(s => $"{s.Table} {s.Rows:N0} rows, {s.Size} + indexes {s.Indexes}")));
    }
}
