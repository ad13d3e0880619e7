namespace PdE.Solicitations.Features.Companies;

/// <summary>The <c>CompanyRegistry</c> configuration section.</summary>
internal sealed class CompanyRegistryOptions : IResilienceSettings
{
    public const string Section = "CompanyRegistry";
    public const string OnlineMode = "online";
    public const string OfflineMode = "offline";

    /// <summary><c>online</c> (the public API) or <c>offline</c> (the embedded demo companies).</summary>
    public string Mode { get; set; } = OnlineMode;

    public string BaseUrl { get; set; } = "https://recherche-entreprises.api.gouv.fr";

    /// <summary>The API's operators ask callers to say who they are.</summary>
    public string UserAgent { get; set; } = "PlaceDesEntreprises-PdE/1.0 (+https://place-des-entreprises.beta.gouv.fr)";

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(8);
    public int MaxRetries { get; set; } = 2;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an answer is reused for the same query (autocomplete asks the same prefix often).</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);
}
