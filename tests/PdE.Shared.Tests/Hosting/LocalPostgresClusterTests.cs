using Npgsql;
using PdE.Shared.Hosting;

namespace PdE.Shared.Tests.Hosting;

/// <summary>
/// The host's embedded cluster keeps real data: it runs with PostgreSQL's durable defaults (a killed server or a power cut
/// loses no acknowledged commit). Only throwaway clusters (tests, benchmarks) trade that for speed.
/// </summary>
public sealed class LocalPostgresClusterTests
{
    [Test]
    public async Task A_kept_cluster_syncs_every_commit_and_a_throwaway_one_does_not()
    {
        var directory = Directory.CreateTempSubdirectory("pde-pg-durable-").FullName;
        try
        {
            await using (var kept = await LocalPostgresCluster.StartAsync(directory, deleteOnStop: false))
            {
                Assert.That(kept.IsDurable, Is.True);
                Assert.That(await SettingsAsync(kept), Is.EqualTo(("on", "on", "on")), "fsync, synchronous_commit, full_page_writes");
            }

            await using var throwaway = await LocalPostgresCluster.StartThrowawayAsync();
            Assert.That(throwaway.IsDurable, Is.False);
            Assert.That(await SettingsAsync(throwaway), Is.EqualTo(("off", "off", "off")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(string, string, string)> SettingsAsync(LocalPostgresCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }
}
