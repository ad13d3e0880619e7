using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PdE.Shared.Hosting;

/// <summary>
/// A private PostgreSQL cluster started from the server binaries installed on the machine
/// (Debian's postgresql package puts them under /usr/lib/postgresql/N/bin). Used by the embedded
/// default of the host and by the tests when no database is configured.
/// initdb refuses to run as root, so as root every server command runs as the 'postgres' user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string binDirectory;
    private readonly bool asPostgresUser;
    private readonly bool deleteOnStop;

    private LocalPostgresCluster(string directory, string binDirectory, int port, bool asPostgresUser, bool deleteOnStop)
    {
        Directory = directory;
        this.binDirectory = binDirectory;
        Port = port;
        this.asPostgresUser = asPostgresUser;
        this.deleteOnStop = deleteOnStop;
    }

    public string Directory { get; }
    public int Port { get; }
    public string DataDirectory => Path.Combine(Directory, "data");
    public string LogFile => Path.Combine(Directory, "server.log");

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Include Error Detail=true";

    /// <summary>The bin folder of the newest installed PostgreSQL, or null when none is installed.</summary>
    public static string? FindBinaries()
    {
        // An explicit choice is final: a wrong PDE_PG_BIN is reported rather than silently replaced.
        var fromEnvironment = Environment.GetEnvironmentVariable("PDE_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(Path.Combine(fromEnvironment, "initdb")) ? fromEnvironment : null;
        }

        return new[] { "/usr/lib/postgresql", "/usr/local/lib/postgresql", "/usr/pgsql" }
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.GetDirectories)
            .Select(d => Path.Combine(d, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    public const string MissingBinariesMessage =
        "PostgreSQL server binaries were not found (looked under /usr/lib/postgresql/*/bin and $PDE_PG_BIN): " +
        "install them (Debian/Ubuntu: apt-get install -y postgresql) or set ConnectionStrings:Default to an existing database.";

    /// <summary>
    /// Starts (creating it on first use) a cluster whose files live in <paramref name="directory"/>.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(string directory, bool deleteOnStop, CancellationToken cancellationToken = default)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(MissingBinariesMessage);
        var asRoot = Environment.IsPrivilegedProcess;
        System.IO.Directory.CreateDirectory(directory);
        var cluster = new LocalPostgresCluster(Path.GetFullPath(directory), bin, FreePort(), asRoot, deleteOnStop);
        await cluster.StartAsync(cancellationToken);
        return cluster;
    }

    /// <summary>
    /// A cluster that keeps its data (the host's embedded one) runs with PostgreSQL's durable defaults: an acknowledged
    /// commit survives a killed server or a power cut. Only a throwaway cluster, removed when stopped (tests, benchmarks),
    /// trades durability for speed (no fsync, asynchronous commits, no full-page writes).
    /// </summary>
    public bool IsDurable => !deleteOnStop;

    /// <summary>A fresh cluster in a temporary folder, removed when stopped (tests, benchmarks).</summary>
    public static Task<LocalPostgresCluster> StartThrowawayAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("pde-pg-").FullName;
        return StartAsync(directory, deleteOnStop: true, cancellationToken);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (asPostgresUser)
        {
            EnsurePostgresUserCanReach(Directory);
            await RunAsync("chown", ["-R", "postgres:postgres", Directory], asPostgres: false, cancellationToken);
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            string[] sync = IsDurable ? [] : ["--no-sync"];
            await RunAsync(Path.Combine(binDirectory, "initdb"),
                ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", .. sync, "--no-instructions"],
                asPostgresUser, cancellationToken);
        }
        else if (await IsRunningAsync(cancellationToken))
        {
            // A previous host was killed without stopping its server: take the cluster over.
            await StopServerAsync(cancellationToken);
        }

        await RunAsync(Path.Combine(binDirectory, "pg_ctl"),
        [
            "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
            "-o", $"-p {Port} -k {Directory} -c listen_addresses=127.0.0.1{(IsDurable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")} -c max_connections=200",
            "start",
        ], asPostgresUser, cancellationToken);
    }

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        var (exitCode, _) = await TryRunAsync(Path.Combine(binDirectory, "pg_ctl"), ["-D", DataDirectory, "status"], asPostgresUser, cancellationToken);
        return exitCode == 0;
    }

    private Task StopServerAsync(CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(binDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], asPostgresUser, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync(CancellationToken.None);
        }
        finally
        {
            if (deleteOnStop)
            {
                try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>
    /// As root the server runs as 'postgres', which must be able to walk down to the data folder:
    /// a checkout under /root (mode 700) is not reachable, and changing /root's mode is not ours to do.
    /// </summary>
    private static void EnsurePostgresUserCanReach(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        for (var dir = new DirectoryInfo(directory).Parent; dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL server runs as user 'postgres' when started by root, and that user cannot enter '{dir.FullName}'. " +
                    "Clone the project somewhere readable by all (for example under /srv or /work), or set ConnectionStrings:Default.");
            }
        }
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await TryRunAsync(file, arguments, asPostgres, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{Path.GetFileName(file)} {string.Join(' ', arguments)}' failed with exit code {exitCode}: {output.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Output)> TryRunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(a);
        }

        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
