using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PdE.Solicitations.Features.Companies;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace PdE.Solicitations.Tests.Companies;

/// <summary>
/// A loopback HTTP server standing in for the Recherche d'entreprises API, and the registry client wired to it exactly as
/// the module wires it (same registration, same resilience pipeline), with timings short enough for tests.
/// </summary>
internal sealed class RegistryStub : IDisposable
{
    private readonly ServiceProvider services;

    private RegistryStub(WireMockServer server, ServiceProvider services, LogCapture logs)
    {
        Server = server;
        this.services = services;
        Logs = logs;
    }

    public WireMockServer Server { get; }
    public LogCapture Logs { get; }
    public ICompanyRegistry Registry => services.GetRequiredService<ICompanyRegistry>();

    /// <summary>Requests the stub received.</summary>
    public int Calls => Server.LogEntries.Count();

    /// <param name="attemptTimeout">Generous by default: a timeout retried by surprise would change the calls the tests count,
    /// and a cold first request took 5 s while the whole suite ran on 2 cores.</param>
    public static RegistryStub Start(string attemptTimeout = "00:00:15", string totalTimeout = "00:00:45")
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [address] });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CompanyRegistry:Mode"] = "online",
            ["CompanyRegistry:BaseUrl"] = address,
            ["CompanyRegistry:AttemptTimeout"] = attemptTimeout,
            ["CompanyRegistry:TotalTimeout"] = totalTimeout,
            ["CompanyRegistry:MaxRetries"] = "2",
            ["CompanyRegistry:RetryDelay"] = "00:00:00.010",
            ["CompanyRegistry:CircuitBreakerMinimumThroughput"] = "3",
            ["CompanyRegistry:CircuitBreakerBreakDuration"] = "00:00:30",
        }).Build();
        var logs = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddCompanyRegistry(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new RegistryStub(server, services, logs);
    }

    /// <summary>Answers <c>GET /search?q=<paramref name="q"/></c> with a saved response of the real API's shape.</summary>
    public void Serve(string q, string responseFile) => Server.Given(Search(q)).RespondWith(Answer(responseFile));

    public static IRequestBuilder Search(string q) => Request.Create().WithPath("/search").WithParam("q", q).UsingGet();

    public static IResponseBuilder Answer(string responseFile) => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json")
        .WithBody(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Companies", "Responses", responseFile)));

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Keeps what was logged, to check that operators are told what happened.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
