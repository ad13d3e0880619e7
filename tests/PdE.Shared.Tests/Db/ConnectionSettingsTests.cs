using Npgsql;
using PdE.Shared.Db;

namespace PdE.Shared.Tests.Db;

/// <summary>Issue 11, item 2: a host that freezes or is cut off cannot keep a transaction, and its locks, for hours.</summary>
public sealed class ConnectionSettingsTests
{
    [Test]
    public void Adds_the_idle_transaction_timeout_and_keepalives_to_a_connection_string()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionSettings.Apply("Host=db.example;Database=pde;Username=pde"));

        Assert.That(builder.Options, Does.Contain("-c idle_in_transaction_session_timeout=60000")
            .And.Contain("-c tcp_keepalives_idle=30").And.Contain("-c tcp_keepalives_interval=10").And.Contain("-c tcp_keepalives_count=3").And.Contain("-c jit=off"));
        Assert.That((builder.TcpKeepAlive, builder.TcpKeepAliveTime, builder.TcpKeepAliveInterval, builder.KeepAlive), Is.EqualTo((true, 30, 10, 30)));
        Assert.That((builder.Host, builder.Database, builder.Username), Is.EqualTo(("db.example", "pde", "pde")));
    }

    [Test]
    public void Keeps_what_the_connection_string_already_says()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionSettings.Apply(
            "Host=db.example;Options=-c idle_in_transaction_session_timeout=300000 -c statement_timeout=5000;Keepalive=0;Tcp Keepalive=false"));

        Assert.That(builder.Options, Does.Contain("idle_in_transaction_session_timeout=300000").And.Contain("statement_timeout=5000")
            .And.Not.Contain("idle_in_transaction_session_timeout=60000").And.Contain("tcp_keepalives_idle=30"));
        Assert.That((builder.KeepAlive, builder.TcpKeepAlive), Is.EqualTo((0, false)));
    }
}
