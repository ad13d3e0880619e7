using Npgsql;

namespace PdE.Shared.Db;

/// <summary>
/// What every PdE connection asks of PostgreSQL, whatever the configured connection string says, so that a host that
/// freezes or loses the network cannot hold locks for hours (README, « Plusieurs serveurs »):
/// <list type="bullet">
/// <item>the server ends a session left idle inside a transaction for a minute (<c>idle_in_transaction_session_timeout</c>),
/// releasing its locks: no code of PdE waits on anything outside the database inside a transaction;</item>
/// <item>the server probes a silent client after 30 s and drops it after three unanswered probes 10 s apart
/// (<c>tcp_keepalives_*</c>, where Linux' default is two hours), and so does the host towards the server (TCP keepalive),
/// so a network cut is noticed in about a minute on both sides;</item>
/// <item>Npgsql pings idle pooled connections every 30 s, so one broken by a restart is dropped before it is handed out.</item>
/// </list>
/// It also turns off PostgreSQL's JIT compilation (<c>jit</c>): PdE's queries read a few rows through indexes, yet a planner's
/// estimate past <c>jit_above_cost</c> (a desk flag over thousands of requests) made PostgreSQL spend 35 ms compiling
/// a query that then ran in less.
/// A value already present in the connection string (e.g. <c>Options=-c idle_in_transaction_session_timeout=300000</c>, or
/// <c>Keepalive=0</c>) is kept as it is.
/// </summary>
public static class ConnectionSettings
{
    internal static readonly (string Name, string Value)[] ServerSettings =
    [
        ("idle_in_transaction_session_timeout", "60000"),
        ("tcp_keepalives_idle", "30"),
        ("tcp_keepalives_interval", "10"),
        ("tcp_keepalives_count", "3"),
        ("jit", "off"),
    ];

    public static string Apply(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var options = builder.Options ?? "";
        foreach (var (name, value) in ServerSettings)
        {
            if (!options.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                options = $"{options} -c {name}={value}".Trim();
            }
        }

        builder.Options = options;
        var keys = connectionString.Split(';')
            .Select(part => part.Split('=', 2)[0].Replace(" ", "", StringComparison.Ordinal).Trim().ToLowerInvariant())
            .ToHashSet();
        if (!keys.Contains("keepalive"))
        {
            builder.KeepAlive = 30;
        }

        if (!keys.Any(key => key.StartsWith("tcpkeepalive", StringComparison.Ordinal)))
        {
            builder.TcpKeepAlive = true;
            builder.TcpKeepAliveTime = 30;
            builder.TcpKeepAliveInterval = 10;
        }

        return builder.ConnectionString;
    }
}
