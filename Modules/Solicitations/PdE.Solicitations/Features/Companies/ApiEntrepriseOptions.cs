
namespace PdE.Solicitations.Features.Companies;

/// <summary>The <c>ApiEntreprise</c> configuration section. Without a token, the registers are read from the public registry instead.</summary>
internal sealed class ApiEntrepriseOptions : IResilienceSettings
{
    public const string Section = "ApiEntreprise";

    public string BaseUrl { get; set; } = "https://entreprise.api.gouv.fr/v3/";

    /// <summary>The bearer token API Entreprise issues to the service (secret: configure it outside the repository).</summary>
    public string? Token { get; set; }

    /// <summary>The SIRET of the administration on whose behalf the calls are made (mandatory <c>recipient</c> parameter): DINUM's by default.</summary>
    public string Recipient { get; set; } = "13002526500013";

    public string Context { get; set; } = "PlaceDesEntreprises";

    public string Object { get; set; } = "PlaceDesEntreprises";

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);
    public int MaxRetries { get; set; } = 2;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public double CircuitBreakerFailureRatio { get; set; } = 0.5;
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    public bool HasToken => !string.IsNullOrWhiteSpace(Token);
}
