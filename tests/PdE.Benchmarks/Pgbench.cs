using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using PdE.Shared.Hosting;

namespace PdE.Benchmarks;

/// <summary>
/// pgbench on the benchmark's own server, the limit other figures are compared with: a script run by <c>clients</c>
/// connections for some seconds in the extended protocol (as Npgsql sends it), with its rate and per-transaction latencies.
/// </summary>
internal static partial class Pgbench
{
    /// <param name="Tps">Transactions per second, as pgbench reports it.</param>
    /// <param name="Latencies">Each transaction's latency, in milliseconds, from pgbench's per-transaction log.</param>
    internal sealed record Run(double Tps, List<double> Latencies);

    /// <returns>Null when pgbench is not installed or failed (said on the console).</returns>
    public static async Task<Run?> RunAsync(string connectionString, string script, int clients, int threads, int seconds)
    {
        var bin = LocalPostgresCluster.FindBinaries();
        if (bin is null || !File.Exists(Path.Combine(bin, "pgbench")))
        {
            Console.WriteLine("pgbench not found: no reference figure");
            return null;
        }

        var folder = System.IO.Directory.CreateTempSubdirectory("pde-pgbench-").FullName;
        try
        {
            var file = Path.Combine(folder, "script.sql");
            await File.WriteAllTextAsync(file, script);
            var csb = new NpgsqlConnectionStringBuilder(connectionString);
            var start = new ProcessStartInfo(Path.Combine(bin, "pgbench"))
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder,
            };
            foreach (var argument in new[]
                     {
                         "-n", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture),
                         "-T", seconds.ToString(CultureInfo.InvariantCulture), "-M", "extended", "-f", file, "-l", "--log-prefix", Path.Combine(folder, "log"),
                         "-h", csb.Host!, "-p", csb.Port.ToString(CultureInfo.InvariantCulture), "-U", csb.Username!, csb.Database!,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            if (!string.IsNullOrEmpty(csb.Password))
            {
                start.Environment["PGPASSWORD"] = csb.Password;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout + await stderr;
            var tps = Tps().Match(output);
            if (process.ExitCode != 0 || !tps.Success)
            {
                Console.WriteLine($"pgbench failed: {output}");
                return null;
            }

            // Per transaction log (one file per thread): client, transaction, latency in µs, …
            var latencies = System.IO.Directory.GetFiles(folder, "log*").SelectMany(File.ReadLines)
                .Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture) / 1000).ToList();
            return new Run(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), latencies);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
