using Dapper;
using Npgsql;

namespace PdE.Benchmarks.Seeding;

internal static class Vacuum
{
    /// <summary>
    /// As autovacuum would have left a live database: statistics, and a visibility map for index-only scans. VACUUM cannot
    /// mark a page all-visible while another snapshot (here, autovacuum analysing the freshly loaded tables) may not see
    /// its rows yet; then the planner picked sequential scans and heap fetches, doubling the query's time. So wait for
    /// other snapshots to end and vacuum again until the map of the tables of <paramref name="schemas"/> is (nearly) full.
    /// </summary>
    public static async Task UntilAllVisibleAsync(NpgsqlConnection connection, params string[] schemas)
    {
        const string OtherSnapshots = "select count(*) from pg_stat_activity where backend_xmin is not null and pid <> pg_backend_pid()";
        const string Visibility = """
            select sum(relpages)::bigint, sum(relallvisible)::bigint from pg_class
            where relnamespace::regnamespace::text = any(@schemas) and relkind = 'r'
            """;
        long pages = 0, visible = 0;
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            for (var waited = 0; waited < 300 && await connection.ExecuteScalarAsync<long>(OtherSnapshots) > 0; waited++)
            {
                await Task.Delay(100);
            }

            await connection.ExecuteAsync("vacuum analyze", commandTimeout: 1800);
            (pages, visible) = await connection.QuerySingleAsync<(long, long)>(Visibility, new { schemas });
            if (visible >= pages * 0.99)
            {
                break;
            }
        }

        Console.WriteLine($"Schemas {string.Join(", ", schemas)}: {visible:N0} of {pages:N0} table pages all-visible after vacuum");
    }
}
