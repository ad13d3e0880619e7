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
/// A loopback HTTP server standing in for API Entreprise v3, and the registers client wired to it exactly as the module
/// wires it (same registration, same resilience pipeline), with timings short enough for tests.
/// </summary>
internal sealed class ApiEntrepriseStub : IDisposable
{
    public const string Token = "jeton-de-test-api-entreprise";
    public const string Recipient = "13002526500013";

    private readonly ServiceProvider services;

    private ApiEntrepriseStub(WireMockServer server, ServiceProvider services, LogCapture logs)
    {
        Server = server;
        this.services = services;
        Logs = logs;
    }

    public WireMockServer Server { get; }
    public LogCapture Logs { get; }
    public ICompanyRegisters Registers => services.GetRequiredService<ICompanyRegisters>();

    public static ApiEntrepriseStub Start(int maxRetries = 2, string attemptTimeout = "00:00:15", string totalTimeout = "00:00:45")
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [address] });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CompanyRegistry:Mode"] = "offline",
            ["ApiEntreprise:BaseUrl"] = $"{address}/v3/",
            ["ApiEntreprise:Token"] = Token,
            ["ApiEntreprise:Recipient"] = Recipient,
            ["ApiEntreprise:AttemptTimeout"] = attemptTimeout,
            ["ApiEntreprise:TotalTimeout"] = totalTimeout,
            ["ApiEntreprise:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ApiEntreprise:RetryDelay"] = "00:00:00.010",
            ["ApiEntreprise:CircuitBreakerMinimumThroughput"] = "100",
        }).Build();
        var logs = new LogCapture();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddCompanyRegisters(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new ApiEntrepriseStub(server, services, logs);
    }

    public static string RcsPath(string siren) => $"/v3/infogreffe/rcs/unites_legales/{siren}/extrait_kbis";

    public static string RmPath(string siren) => $"/v3/cma_france/rnm/unites_legales/{siren}";

    /// <summary>Answers <paramref name="path"/> with <paramref name="status"/> and a saved body of API Entreprise's real shape.</summary>
    public void Serve(string path, int status, string responseFile, TimeSpan? delay = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(Body(responseFile));
        if (delay is not null)
        {
            response = response.WithDelay(delay.Value);
        }

        Server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(response);
    }

    public void ServeRaw(string path, int status, string body, string contentType = "application/json") =>
        Server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    public static IResponseBuilder Answer(int status, string responseFile) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(Body(responseFile));

    public int CallsTo(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    public void Dispose()
    {
        services.Dispose();
        Server.Stop();
        Server.Dispose();
    }

    private static string Body(string responseFile) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Companies", "Responses", responseFile));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
