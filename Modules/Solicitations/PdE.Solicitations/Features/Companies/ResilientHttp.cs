using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace PdE.Solicitations.Features.Companies;

/// <summary>The timings of an outside API's resilience pipeline, from its configuration section.</summary>
internal interface IResilienceSettings
{
    string BaseUrl { get; }
    TimeSpan AttemptTimeout { get; }
    TimeSpan TotalTimeout { get; }
    int MaxRetries { get; }
    TimeSpan RetryDelay { get; }
    double CircuitBreakerFailureRatio { get; }
    int CircuitBreakerMinimumThroughput { get; }
    TimeSpan CircuitBreakerSamplingDuration { get; }
    TimeSpan CircuitBreakerBreakDuration { get; }
}

internal static class ResilientHttp
{
    /// <summary>
    /// Total timeout, retries (408, 429, 5xx, connection failures and attempt timeouts; Retry-After honoured), circuit
    /// breaker, attempt timeout: every outside API of the module fails the same way, with log lines named after <paramref name="apiName"/>.
    /// </summary>
    public static IHttpClientBuilder AddResilience<TClient>(this IHttpClientBuilder builder, string apiName, IResilienceSettings settings)
        where TClient : notnull
    {
        builder.AddResilienceHandler(apiName, (pipeline, context) =>
        {
            var logger = context.ServiceProvider.GetRequiredService<ILogger<TClient>>();
            pipeline.AddTimeout(settings.TotalTimeout);
            // MaxRetries 0: one attempt only (Polly refuses a retry strategy without retries).
            if (settings.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.RetryDelay,
                    OnRetry = args =>
                    {
                        logger.LogInformation(
                            "{Api}: attempt {Attempt} failed ({Outcome}), retrying in {Delay}",
                            apiName,
                            args.AttemptNumber + 1,
                            args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}",
                            args.RetryDelay);
                        return ValueTask.CompletedTask;
                    },
                });
            }

            pipeline
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = settings.CircuitBreakerFailureRatio,
                    MinimumThroughput = settings.CircuitBreakerMinimumThroughput,
                    SamplingDuration = settings.CircuitBreakerSamplingDuration,
                    BreakDuration = settings.CircuitBreakerBreakDuration,
                    OnOpened = args =>
                    {
                        logger.LogError(
                            "{Api} circuit opened: {BaseUrl} keeps failing, no call for {BreakDuration}",
                            apiName, settings.BaseUrl, args.BreakDuration);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        logger.LogInformation("{Api} circuit closed: {BaseUrl} answers again", apiName, settings.BaseUrl);
                        return ValueTask.CompletedTask;
                    },
                })
                .AddTimeout(settings.AttemptTimeout);
        });
        return builder;
    }
}
