using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PdE.Shared.Web;
using PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;

namespace PdE.Solicitations.Features.PartnerApi;

/// <summary>
/// Every call of the partner API (API.md in SubmitPartnerSolicitation) carries a key: <c>Authorization: Bearer &lt;key&gt;</c>.
/// A missing, unknown, expired or revoked key gets the same 401 in every case; its precise reason goes to the log only.
/// </summary>
internal static class PartnerApiAccess
{
    public const string UnauthorizedDetail =
        "Clé d’API absente, inconnue, expirée ou révoquée. Envoyez l’en-tête « Authorization: Bearer <clé> » avec une clé valide, "
        + "ou demandez-en une nouvelle à l’équipe Place des Entreprises.";

    /// <summary>The partner calling, or the 401 to answer.</summary>
    public static async Task<(PartnerCaller? Caller, IResult? Refusal)> AuthenticateAsync(
        HttpContext http, IMediator mediator, ValidPartnerKeys validKeys, ILogger logger, CancellationToken cancellationToken)
    {
        var key = BearerKey(http.Request);
        var check = await mediator.Send(new AuthenticatePartnerKeyCommand(key), cancellationToken);
        if (check.Caller is { } caller)
        {
            validKeys.Remember(key!);
            return (caller, null);
        }

        logger.LogWarning("Partner API call refused (401) from {Address}: {Reason}", http.Connection.RemoteIpAddress, check.Refusal);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return (null, ApiProblem.Result(StatusCodes.Status401Unauthorized, "Clé d’API refusée", UnauthorizedDetail));
    }

    /// <summary>The key of <c>Authorization: Bearer &lt;key&gt;</c>; null without one.</summary>
    public static string? BearerKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } key ? key : null;
    }
}
