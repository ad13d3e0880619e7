using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Testing;

namespace PdE.Directory.Tests.Accounts;

/// <summary>The Directory module over its own database, with a clock the account tests can move forward.</summary>
[SetUpFixture]
public sealed class AccountsTestHost
{
    public static ModuleTestHost Host { get; private set; } = null!;
    public static TestClock Clock { get; } = new();

    [OneTimeSetUp]
    public async Task StartAsync() =>
        Host = await ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, configuration) =>
            {
                services.AddDirectory(configuration);
                services.AddSingleton<TimeProvider>(Clock);
            },
            new Dictionary<string, string?> { ["Site:BaseUrl"] = "https://pde.example.fr" });

    [OneTimeTearDown]
    public async Task StopAsync() => await Host.DisposeAsync();
}

/// <summary>Real time plus an offset the test chooses.</summary>
public sealed class TestClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + Offset;

    public void Advance(TimeSpan by) => Offset += by;
}
