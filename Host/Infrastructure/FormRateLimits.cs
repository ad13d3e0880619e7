using System.Threading.RateLimiting;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Caps how often one IP address may post the forms that guess passwords or send e-mails (sign-in, password reset,
/// invitation and reset links, the public request form, the follow-up links), and search the company registry (the
/// suggestions of step 2 and its search: a flood would trip the registry's circuit breaker for every requester). Reading
/// other pages is never limited. Limits are per minute, from configuration section <c>RateLimits</c>; behind a reverse
/// proxy, <c>ReverseProxy:KnownProxies</c> must name it for the IP to be the client's (see <see cref="ReverseProxy"/>).
/// </summary>
internal static class FormRateLimits
{
    private static readonly (string Path, string Key, int PerMinute)[] Defaults =
    [
        ("/connexion", "SignInPerMinute", 10),
        ("/compte/", "AccountLinksPerMinute", 10),
        ("/sujets", "RequestFormPerMinute", 30),
        ("/ma-demande", "RequestFormPerMinute", 30),
        ("/suivi", "FollowUpLinksPerMinute", 5),
    ];

    public const string CompanySearchSetting = "RateLimits:CompanySearchPerMinute";

    /// <summary>A search of the company registry: the suggestions, or step 2 with <c>?recherche=</c>, whatever the method.</summary>
    private static bool IsCompanySearch(HttpRequest request) =>
        request.Path.StartsWithSegments("/demande/entreprises", StringComparison.OrdinalIgnoreCase)
        || (request.Path.StartsWithSegments("/ma-demande", StringComparison.OrdinalIgnoreCase)
            && request.Path.Value!.EndsWith("/entreprise", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(request.Query["recherche"]));

    public static IServiceCollection AddFormRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var rules = Defaults
            .Select(rule => (rule.Path, Limit: configuration.GetValue($"RateLimits:{rule.Key}", rule.PerMinute)))
            .ToArray();
        var companySearches = configuration.GetValue(CompanySearchSetting, 60);
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FormRateLimits))
                    .LogWarning("Rate limit reached for {Path} from {Address}", context.HttpContext.Request.Path, context.HttpContext.Connection.RemoteIpAddress);
                return ValueTask.CompletedTask;
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var request = context.Request;
                var rule = IsCompanySearch(request) ? (Path: "company-search", Limit: companySearches)
                    : HttpMethods.IsPost(request.Method)
                    ? rules.FirstOrDefault(r => request.Path.StartsWithSegments(r.Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                    : default;
                if (rule.Path is null)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(rule.Path + "|" + address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = rule.Limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });
    }
}
