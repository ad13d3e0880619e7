using System.Diagnostics;
using Dapper;
using Npgsql;

namespace PdE.Benchmarks;

/// <summary>
/// The CPU time used so far by this process (the site and the harness's own clients) and by the PostgreSQL server's
/// processes (the postmaster, its live children, and the children it has reaped), read from Linux's <c>/proc</c>: what a
/// phase costs, per request, on the machine's cores. The server must run on this machine, which the harness's loopback
/// address ensures.
/// </summary>
internal sealed class ProcessorTime
{
    // /proc reports times in USER_HZ, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly int postmaster;

    private ProcessorTime(int postmaster) => this.postmaster = postmaster;

    /// <returns>Null when the server's processes cannot be read (not Linux, or another machine's server): the figure is left out.</returns>
    public static async Task<ProcessorTime?> OfServerAsync(string connectionString)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        var backend = await connection.ExecuteScalarAsync<int>("select pg_backend_pid()");
        return Stat(backend) is { } stat ? new ProcessorTime(stat.ParentId) : null;
    }

    public Sample Now()
    {
        var server = 0L;
        foreach (var directory in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var id) && Stat(id) is { } stat)
            {
                if (id == postmaster)
                {
                    server += stat.Ticks + stat.ReapedChildrenTicks;
                }
                else if (stat.ParentId == postmaster)
                {
                    server += stat.Ticks;
                }
            }
        }

        using var self = Process.GetCurrentProcess();
        return new Sample(self.TotalProcessorTime, TimeSpan.FromSeconds(server / TicksPerSecond));
    }

    /// <summary>Fields of <c>/proc/&lt;id&gt;/stat</c> after the command's closing parenthesis (which may itself hold spaces).</summary>
    private static (int ParentId, long Ticks, long ReapedChildrenTicks)? Stat(int id)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{id}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, cutime, cstime
            return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <param name="Site">This process: the site, and the harness's clients, which share its cores and its thread pool.</param>
    /// <param name="Server">The PostgreSQL server's processes.</param>
    public sealed record Sample(TimeSpan Site, TimeSpan Server)
    {
        /// <summary>The milliseconds of CPU per request between two samples.</summary>
        public (double Site, double Server) PerRequest(Sample later, int requests) =>
            ((later.Site - Site).TotalMilliseconds / requests, (later.Server - Server).TotalMilliseconds / requests);
    }
}
