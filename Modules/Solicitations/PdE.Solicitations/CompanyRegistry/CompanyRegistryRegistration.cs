using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace PdE.Solicitations.CompanyRegistry;

internal static class CompanyRegistryRegistration
{
    public static IServiceCollection AddCompanyRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CompanyRegistryOptions.Section).Get<CompanyRegistryOptions>() ?? new CompanyRegistryOptions();
        services.AddSingleton(options);

        switch (options.Mode.Trim().ToLowerInvariant())
        {
            case CompanyRegistryOptions.OfflineMode:
                services.AddSingleton<ICompanyRegistry, OfflineCompanyRegistry>();
                break;
            case CompanyRegistryOptions.OnlineMode:
                AddOnlineRegistry(services, options);
                break;
            default:
                throw new InvalidOperationException(
                    $"CompanyRegistry:Mode is \"{options.Mode}\": use \"{CompanyRegistryOptions.OnlineMode}\" (the Recherche d'entreprises API) "
                    + $"or \"{CompanyRegistryOptions.OfflineMode}\" (demo companies).");
        }

        return services;
    }

    private static void AddOnlineRegistry(IServiceCollection services, CompanyRegistryOptions options)
    {
        services.AddMemoryCache();
        services.AddHttpClient<RechercheEntreprisesRegistry>(client =>
            {
                client.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                // The resilience pipeline owns every timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler("company-registry", (pipeline, context) =>
            {
                var logger = context.ServiceProvider.GetRequiredService<ILogger<RechercheEntreprisesRegistry>>();
                pipeline
                    .AddTimeout(options.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        // Retries 408, 429, 5xx, connection failures and attempt timeouts; honours Retry-After.
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryDelay,
                        OnRetry = args =>
                        {
                            logger.LogInformation(
                                "Company registry: attempt {Attempt} failed ({Outcome}), retrying in {Delay}",
                                args.AttemptNumber + 1,
                                args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}",
                                args.RetryDelay);
                            return ValueTask.CompletedTask;
                        },
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = options.CircuitBreakerFailureRatio,
                        MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                        SamplingDuration = options.CircuitBreakerSamplingDuration,
                        BreakDuration = options.CircuitBreakerBreakDuration,
                        OnOpened = args =>
                        {
                            logger.LogError(
                                "Company registry circuit opened: {BaseUrl} keeps failing, no call for {BreakDuration}",
                                options.BaseUrl, args.BreakDuration);
                            return ValueTask.CompletedTask;
                        },
                        OnClosed = _ =>
                        {
                            logger.LogInformation("Company registry circuit closed: {BaseUrl} answers again", options.BaseUrl);
                            return ValueTask.CompletedTask;
                        },
                    })
                    .AddTimeout(options.AttemptTimeout);
            });
        services.AddTransient<ICompanyRegistry>(sp => sp.GetRequiredService<RechercheEntreprisesRegistry>());
    }
}
