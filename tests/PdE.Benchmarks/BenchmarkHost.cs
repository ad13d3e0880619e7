using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory;
using PdE.Matching;
using PdE.Solicitations;
using PdE.Testing;

namespace PdE.Benchmarks;

/// <summary>
/// The modules the benchmarks exercise, on a real PostgreSQL. The mediator generated in this project holds the handlers of
/// every module it references, so every one of them is registered (the company registry answers offline).
/// </summary>
internal static class BenchmarkHost
{
    public static Task<ModuleTestHost> StartAsync() =>
        ModuleTestHost.StartAsync(
            services => services.AddMediator((MediatorOptions options) => options.ServiceLifetime = ServiceLifetime.Scoped),
            (services, configuration) => services.AddSolicitations(configuration).AddDirectory(configuration).AddMatching(configuration),
            // One simulated sender files every request: the per-address limit of the public form is lifted.
            new Dictionary<string, string?> { ["CompanyRegistry:Mode"] = "offline", ["RateLimits:RequestsPerEmailPerHour"] = "1000000000" });
}
