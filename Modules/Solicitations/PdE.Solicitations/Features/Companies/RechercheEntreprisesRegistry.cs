using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using PdE.Shared.Validation;
using PdE.Solicitations.Contracts;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// The public API <i>Recherche d'entreprises</i> (no key needed). Timeouts, retries and the circuit breaker sit in the
/// HttpClient's resilience pipeline (see <see cref="CompanyRegistryRegistration"/>); this class turns every way the call
/// can fail into <see cref="CompanySearch.RegistryUnavailable"/> and keeps successful answers for a short while.
/// </summary>
internal sealed class RechercheEntreprisesRegistry(
    HttpClient http,
    IMemoryCache cache,
    CompanyRegistryOptions options,
    ILogger<RechercheEntreprisesRegistry> logger) : ICompanyRegistry
{
    public async Task<CompanySearch> SearchAsync(string text, CancellationToken cancellationToken)
    {
        var query = RegistryQuery.Parse(text);
        return query is null ? RegistryResults.Empty : await SearchAsync(query, cancellationToken);
    }

    public async Task<EstablishmentLookup> GetEstablishmentAsync(string siret, CancellationToken cancellationToken)
    {
        var normalized = Siret.Normalize(siret);
        if (!Siret.IsValid(normalized))
        {
            return new EstablishmentLookup(false, null);
        }

        return RegistryResults.ToLookup(await SearchAsync(new RegistryQuery(RegistryQueryKind.Siret, normalized), cancellationToken), normalized);
    }

    private async Task<CompanySearch> SearchAsync(RegistryQuery query, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(query.CacheKey, out CompanySearch? cached) && cached is not null)
        {
            return cached;
        }

        var path = $"search?q={Uri.EscapeDataString(query.Text)}&page=1&per_page={RegistryQuery.MaximumResults}";
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning(
                    "Company registry unavailable: {BaseUrl} answered HTTP {Status} to a {Kind} search (after retries). "
                    + "Requests go on with the SIRET alone. A 404 means CompanyRegistry:BaseUrl is wrong.",
                    http.BaseAddress, (int)response.StatusCode, query.Kind);
                return RegistryResults.Unavailable;
            }

            var payload = await response.Content.ReadFromJsonAsync<SearchPayload>(SearchPayload.JsonOptions, cancellationToken);
            if (payload?.Results is null)
            {
                throw new JsonException("no \"results\" array in the response");
            }

            var result = RegistryResults.ToSearch(payload.Results);
            cache.Set(query.CacheKey, result, options.CacheDuration);
            return result;
        }
        catch (JsonException ex)
        {
            logger.LogError(
                "Company registry unavailable: {BaseUrl} answered a {Kind} search with malformed JSON ({Reason}). "
                + "Requests go on with the SIRET alone; check that CompanyRegistry:BaseUrl points at the Recherche d'entreprises API.",
                http.BaseAddress, query.Kind, ex.Message);
        }
        catch (BrokenCircuitException)
        {
            logger.LogWarning(
                "Company registry unavailable: too many recent failures at {BaseUrl}, calls are suspended for {BreakDuration}. "
                + "Requests go on with the SIRET alone.",
                http.BaseAddress, options.CircuitBreakerBreakDuration);
        }
        catch (TimeoutRejectedException)
        {
            logger.LogWarning(
                "Company registry unavailable: {BaseUrl} did not answer in time ({AttemptTimeout} a call, {TotalTimeout} in all). "
                + "Requests go on with the SIRET alone.",
                http.BaseAddress, options.AttemptTimeout, options.TotalTimeout);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(
                "Company registry unavailable: {BaseUrl} could not be reached ({Reason}). Requests go on with the SIRET alone.",
                http.BaseAddress, ex.Message);
        }

        return RegistryResults.Unavailable;
    }
}
