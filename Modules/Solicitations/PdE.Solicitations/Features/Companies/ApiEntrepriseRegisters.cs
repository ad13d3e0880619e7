using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PdE.Shared.Validation;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// API Entreprise v3: the Kbis extract of Infogreffe (RCS) and the RNM of CMA France (RM), by SIREN. 200 means registered
/// (unless the extract carries a striking-off date), 404 with API Entreprise's error body means not registered; every other
/// outcome (token refused, rate limit, provider down, timeout, nonsense) is <see cref="Registration.Unknown"/>, never
/// "not registered". Timeouts, retries and the circuit breaker sit in the HttpClient's pipeline.
/// </summary>
internal sealed class ApiEntrepriseRegisters(HttpClient http, ApiEntrepriseOptions options, ILogger<ApiEntrepriseRegisters> logger)
    : ICompanyRegisters
{
    public async Task<RegistersCheck> CheckAsync(string siret, CancellationToken cancellationToken)
    {
        var siren = Siret.Normalize(siret) is { Length: 14 } digits ? digits[..9] : null;
        if (siren is null)
        {
            return new RegistersCheck(Registration.Unknown, Registration.Unknown, WorthRetrying: false);
        }

        var rcs = await AskAsync("RCS", $"infogreffe/rcs/unites_legales/{siren}/extrait_kbis", siren, cancellationToken);
        var rm = await AskAsync("RM", $"cma_france/rnm/unites_legales/{siren}", siren, cancellationToken);
        return new RegistersCheck(rcs, rm, WorthRetrying: rcs == Registration.Unknown || rm == Registration.Unknown);
    }

    private async Task<Registration> AskAsync(string register, string endpoint, string siren, CancellationToken cancellationToken)
    {
        var path = $"{endpoint}?context={Uri.EscapeDataString(options.Context)}&recipient={Uri.EscapeDataString(options.Recipient)}"
            + $"&object={Uri.EscapeDataString(options.Object)}";
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    return Registered(register, siren, body);
                case HttpStatusCode.NotFound when HasErrors(body):
                    return Registration.NotRegistered;
                case HttpStatusCode.NotFound:
                    logger.LogError(
                        "API Entreprise: {Register} of SIREN {Siren} unknown, {BaseUrl}{Endpoint} answered 404 without API Entreprise's error body. "
                        + "Check ApiEntreprise:BaseUrl (it should end with /v3/).",
                        register, siren, http.BaseAddress, endpoint.Replace(siren, "{siren}", StringComparison.Ordinal));
                    break;
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    logger.LogError(
                        "API Entreprise refused the token (HTTP {Status}: {Detail}): {Register} of SIREN {Siren} unknown, asked again later. "
                        + "Check ApiEntreprise:Token (expired, revoked, or without this API in its scopes) and ApiEntreprise:Recipient.",
                        (int)response.StatusCode, ErrorDetail(body), register, siren);
                    break;
                case HttpStatusCode.TooManyRequests:
                    logger.LogWarning(
                        "API Entreprise rate limit reached (HTTP 429, retry after {RetryAfter}): {Register} of SIREN {Siren} unknown, asked again later.",
                        response.Headers.RetryAfter?.Delta?.ToString() ?? "?", register, siren);
                    break;
                default:
                    logger.LogWarning(
                        "API Entreprise answered HTTP {Status} ({Detail}) after retries: {Register} of SIREN {Siren} unknown, asked again later.",
                        (int)response.StatusCode, ErrorDetail(body), register, siren);
                    break;
            }
        }
        catch (JsonException ex)
        {
            logger.LogError(
                "API Entreprise answered malformed JSON ({Reason}): {Register} of SIREN {Siren} unknown, asked again later. Check ApiEntreprise:BaseUrl.",
                ex.Message, register, siren);
        }
        catch (BrokenCircuitException)
        {
            logger.LogWarning(
                "API Entreprise: too many recent failures, calls suspended for {BreakDuration}: {Register} of SIREN {Siren} unknown, asked again later.",
                options.CircuitBreakerBreakDuration, register, siren);
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning(
                "API Entreprise did not answer in time ({AttemptTimeout} a call, {TotalTimeout} in all): {Register} of SIREN {Siren} unknown, asked again later.",
                options.AttemptTimeout, options.TotalTimeout, register, siren);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(
                "API Entreprise could not be reached ({Reason}): {Register} of SIREN {Siren} unknown, asked again later.",
                ex.Message, register, siren);
        }

        return Registration.Unknown;
    }

    /// <summary>A 200 has a <c>data</c> object; one with a <c>date_radiation</c> is the extract of a company struck off the register.</summary>
    private Registration Registered(string register, string siren, string body)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("no \"data\" object in a 200 answer");
        }

        if (data.TryGetProperty("date_radiation", out var struckOff) && struckOff.ValueKind == JsonValueKind.String)
        {
            logger.LogInformation("API Entreprise: SIREN {Siren} was struck off the {Register} on {Date}", siren, register, struckOff.GetString());
            return Registration.NotRegistered;
        }

        return Registration.Registered;
    }

    private static bool HasErrors(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The title and detail of API Entreprise's first error, for the log line.</summary>
    private static string ErrorDetail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0 && errors[0].ValueKind == JsonValueKind.Object)
            {
                var error = errors[0];
                return string.Join(" – ", new[] { "code", "title", "detail" }
                    .Select(name => error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                    .Where(text => !string.IsNullOrWhiteSpace(text)));
            }
        }
        catch (JsonException)
        {
        }

        return "no error body";
    }
}
