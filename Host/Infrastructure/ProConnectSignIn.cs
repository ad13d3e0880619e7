using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Agents sign in with ProConnect, the State's identity federation (OpenID Connect: code flow with PKCE, state and nonce
/// checked by ASP.NET Core's handler), when <c>ProConnect:Authority</c> is set; without it no handler is registered, the
/// button does not show and its addresses answer 404 (docs/proconnect.md).
/// The handler never writes a cookie of its own: once ProConnect's answer checked out, <c>OnTicketReceived</c> asks the
/// Directory for the active account with the e-mail address ProConnect verified and, if there is one, writes the same
/// session cookie as the password sign-in (same principal, security stamp and sign-in instant), or sends the agent back
/// to <c>/connexion</c> with the reason. One place decides, and no second session (an external cookie to clean up) exists.
/// </summary>
internal static class ProConnectSignIn
{
    public const string AuthoritySetting = "ProConnect:Authority";

    public static AuthenticationBuilder AddProConnect(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var authority = configuration[AuthoritySetting];
        if (string.IsNullOrWhiteSpace(authority))
        {
            return authentication;
        }

        var clientId = configuration["ProConnect:ClientId"];
        var clientSecret = configuration["ProConnect:ClientSecret"];
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(clientSecret)
            || !Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri)
            || !(authorityUri.Scheme == Uri.UriSchemeHttps || (authorityUri.Scheme == Uri.UriSchemeHttp && authorityUri.IsLoopback)))
        {
            throw new InvalidOperationException(
                "ProConnect:Authority is set: it must be ProConnect's address (https://…), with ProConnect:ClientId and ProConnect:ClientSecret.");
        }

        return authentication.AddOpenIdConnect(ProConnect.Scheme, "ProConnect", options =>
        {
            options.Authority = authority;
            // Plain HTTP only for a provider on this machine (a local test provider); ProConnect itself is HTTPS.
            options.RequireHttpsMetadata = !authorityUri.IsLoopback;
            options.ClientId = clientId;
            options.ClientSecret = clientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The answer comes back as a top-level GET (not form_post's cross-site POST): the handler's correlation and nonce
            // cookies can then be SameSite=Lax, and the site may run on plain HTTP on localhost (dotnet run, the tests).
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CallbackPath = ProConnect.CallbackPath;
            // Neither front-channel sign-out nor ProConnect's sign-out are used: left on, their addresses would answer (any
            // page could sign an agent out with a GET to the first one).
            options.RemoteSignOutPath = PathString.Empty;
            options.SignedOutCallbackPath = PathString.Empty;
            options.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "given_name", "usual_name" })
            {
                options.Scope.Add(scope);
            }

            // ProConnect sends the e-mail address from its userinfo endpoint (a signed JWT the handler reads), not in the id_token.
            options.GetClaimsFromUserInfoEndpoint = true;
            // Claims keep ProConnect's names ("email", "sub") instead of being renamed to the long WS-Federation URIs.
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            // Required by the handler, never used: OnTicketReceived always writes the session cookie itself.
            options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.Events = new OpenIdConnectEvents
            {
                OnTicketReceived = OpenSessionAsync,
                OnAccessDenied = context =>
                {
                    Logger(context.HttpContext).LogInformation("ProConnect sign-in cancelled by the agent or refused by ProConnect (access_denied)");
                    context.HandleResponse();
                    return BackToSignInAsync(context.HttpContext, ProConnect.Outcomes.Cancelled);
                },
                // Whatever else went wrong with ProConnect's answer (its error, a state or nonce that does not check out, a
                // missing correlation cookie, a code the token endpoint refused): a French message instead of a 500.
                OnRemoteFailure = context =>
                {
                    Logger(context.HttpContext).LogWarning(context.Failure, "ProConnect sign-in failed: {Reason}", context.Failure?.Message);
                    context.HandleResponse();
                    return BackToSignInAsync(context.HttpContext, ProConnect.Outcomes.Failed);
                },
            };
        });
    }

    private static async Task OpenSessionAsync(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        context.HandleResponse();
        var email = context.Principal?.FindFirst("email")?.Value?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            Logger(http).LogWarning("ProConnect sign-in refused: ProConnect sent no e-mail address (sub {Subject})", context.Principal?.FindFirst("sub")?.Value);
            await BackToSignInAsync(http, ProConnect.Outcomes.Failed);
            return;
        }

        var signIn = await http.RequestServices.GetRequiredService<IMediator>()
            .Send(new SignInWithProConnect(email, http.Connection.RemoteIpAddress?.ToString()), http.RequestAborted);
        if (signIn.Principal is null)
        {
            // For the operator who hears from the agent: the address ProConnect sent is the one to create or correct.
            Logger(http).LogWarning(
                "ProConnect sign-in refused: {Reason} for {Email} (ProConnect sub {Subject})",
                signIn.InvitationPending ? "invitation not accepted yet" : "no active account", email, context.Principal?.FindFirst("sub")?.Value);
            await BackToSignInAsync(http, signIn.InvitationPending ? ProConnect.Outcomes.InvitationPending : ProConnect.Outcomes.NoAccount, email);
            return;
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, signIn.Principal);
        Logger(http).LogInformation("Agent {UserId} signed in with ProConnect", signIn.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value);
        // The return address was checked as local by the sign-in page before it went into the handler's protected state.
        var returnUrl = context.Properties?.Items.TryGetValue(ProConnect.ReturnUrlItem, out var asked) == true ? asked : null;
        http.Response.Redirect(string.IsNullOrEmpty(returnUrl) ? AgentLanding.For(signIn.Principal) : returnUrl);
    }

    /// <summary>To <c>/connexion</c> with the reason; the refused address goes in TempData, not in the address bar, which anyone could fill.</summary>
    private static Task BackToSignInAsync(HttpContext http, string outcome, string? email = null)
    {
        if (email is not null)
        {
            var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
            tempData[ProConnect.RefusedEmailTempData] = email;
            tempData.Save();
        }

        http.Response.Redirect($"/connexion?{ProConnect.OutcomeParameter}={outcome}");
        return Task.CompletedTask;
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProConnectSignIn));
}
