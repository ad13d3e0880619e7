using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Testing;

namespace PdE.Notifications.Tests;

/// <summary>The module over a real loopback SMTP server, as production talks to its relay.</summary>
[SetUpFixture]
public sealed class NotificationsTestHost
{
    public static SmtpCapture Smtp { get; private set; } = null!;
    public static ModuleTestHost Host { get; private set; } = null!;

    /// <summary>The module's clock: real time unless a test stops or moves it (then <see cref="TestClock.Reset"/> it).</summary>
    public static TestClock Clock { get; } = new();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Smtp = new SmtpCapture();
        Host = await StartHostAsync(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Smtp.Port.ToString(),
            ["Smtp:Security"] = "None",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Host.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    /// <summary>Another host with its own database, for delivery settings the shared one does not have.</summary>
    public static Task<ModuleTestHost> StartHostAsync(IDictionary<string, string?> settings) =>
        ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, configuration) =>
            {
                services.AddNotifications(configuration, AppContext.BaseDirectory);
                services.AddSingleton<TimeProvider>(Clock);
            },
            settings);
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
