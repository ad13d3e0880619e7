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
            (services, configuration) => services.AddNotifications(configuration, AppContext.BaseDirectory),
            settings);
}
