using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Testing;

namespace PdE.Matching.Tests;

[SetUpFixture]
public sealed class MatchingTestHost
{
    public static ModuleTestHost Host { get; private set; } = null!;

    /// <summary>The module's clock: real time unless a test stops or moves it (then <see cref="TestClock.Reset"/> it).</summary>
    public static TestClock Clock { get; } = new();

    [OneTimeSetUp]
    public async Task StartAsync() =>
        Host = await ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, configuration) =>
            {
                services.AddMatching(configuration);
                services.AddSingleton<TimeProvider>(Clock);
            });

    [OneTimeTearDown]
    public async Task StopAsync() => await Host.DisposeAsync();
}

/// <summary>Real time, or a time the test sets and moves.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset? now;

    public override DateTimeOffset GetUtcNow() => now ?? DateTimeOffset.UtcNow;

    /// <summary>Stops the clock at <paramref name="instant"/>.</summary>
    public void Set(DateTimeOffset instant) => now = instant;

    /// <summary>Moves the stopped clock (stopping it now first if it runs).</summary>
    public void Advance(TimeSpan by) => now = GetUtcNow() + by;

    public void Reset() => now = null;
}
