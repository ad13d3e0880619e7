using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using PdE.Shared.Web;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace PdE.Host.Tests.ProConnectSignIn;

/// <summary>
/// A real OpenID Connect provider standing in for ProConnect, on loopback (Kestrel, 127.0.0.1, a free port): OpenIddict's
/// server in degraded mode (no store: codes and tokens are self-contained, signed and encrypted with ephemeral keys). Its
/// authorization endpoint signs in, without any screen, whoever <see cref="NextEmail"/> names, or refuses as a user who
/// cancels would (<see cref="NextAnswerDenied"/>); like ProConnect, it gives the e-mail address from its userinfo endpoint,
/// not in the id_token. <see cref="NextNonce"/> makes it put another nonce in the next id_token than the one PdE sent.
/// </summary>
internal sealed class TestProConnectProvider : IAsyncDisposable
{
    public const string ClientId = "pde-tests";
    public const string ClientSecret = "secret-des-tests-proconnect";

    private readonly WebApplication app;

    private TestProConnectProvider(WebApplication app, Uri authority)
    {
        this.app = app;
        Authority = authority;
    }

    /// <summary>The issuer, e.g. http://127.0.0.1:41234/: what PdE's <c>ProConnect:Authority</c> is set to.</summary>
    public Uri Authority { get; }

    /// <summary>The e-mail address the next authorization signs in with (each authorization takes it, the last one stays).</summary>
    public string NextEmail { get; set; } = "";

    /// <summary>The next authorization answers error=access_denied, as when the agent cancels on ProConnect (once).</summary>
    public bool NextAnswerDenied { get; set; }

    /// <summary>The nonce the next id_token carries instead of the one PdE sent (once).</summary>
    public string? NextNonce { get; set; }

    /// <summary>The PdE settings that point at this provider.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ProConnect:Authority"] = Authority.ToString(),
        ["ProConnect:ClientId"] = ClientId,
        ["ProConnect:ClientSecret"] = ClientSecret,
    };

    public static async Task<TestProConnectProvider> StartAsync()
    {
        TestProConnectProvider? provider = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        builder.Services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetUserInfoEndpointUris("connect/userinfo");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.Email, "given_name", "usual_name");
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableAccessTokenEncryption();
            options.EnableDegradedMode();
            options.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            // Degraded mode has no client store: the test checks the client and its redirect URI itself.
            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                {
                    context.Reject(Errors.InvalidClient, "Client inconnu.");
                }
                else if (!Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var redirect)
                         || redirect.AbsolutePath != ProConnect.CallbackPath)
                {
                    context.Reject(Errors.InvalidRequest, "redirect_uri inattendue.");
                }

                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Client ou secret inconnu.");
                }

                return default;
            }));
            // Nonce tampering: after OpenIddict copied the authorization request's nonce into the id_token, replace it.
            options.AddEventHandler<ProcessSignInContext>(handler => handler
                .UseInlineHandler(context =>
                {
                    if (provider!.NextNonce is { } nonce && context.IdentityTokenPrincipal is { } principal)
                    {
                        principal.SetClaim(Claims.Nonce, nonce);
                        provider.NextNonce = null;
                    }

                    return default;
                })
                .SetOrder(OpenIddictServerHandlers.PrepareIdentityTokenPrincipal.Descriptor.Order + 1)
                .SetType(OpenIddictServerHandlerType.Custom));
        });

        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            if (provider!.NextAnswerDenied)
            {
                provider.NextAnswerDenied = false;
                return Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "L’utilisateur a annulé la connexion.",
                }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            }

            var email = provider.NextEmail;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, "sub-" + email.ToLowerInvariant())
                .SetClaim(Claims.Email, email)
                .SetClaim("given_name", "Agent")
                .SetClaim("usual_name", "Public");
            identity.SetScopes(request.GetScopes());
            // Only the subject in the id_token; the rest reaches PdE through the userinfo endpoint, as with ProConnect.
            identity.SetDestinations(claim => claim.Type == Claims.Subject
                ? [Destinations.AccessToken, Destinations.IdentityToken]
                : [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapMethods("/connect/userinfo", [HttpMethods.Get, HttpMethods.Post], async (HttpContext context) =>
        {
            var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal!;
            return Results.Json(new Dictionary<string, string?>
            {
                [Claims.Subject] = principal.GetClaim(Claims.Subject),
                [Claims.Email] = principal.GetClaim(Claims.Email),
                ["given_name"] = principal.GetClaim("given_name"),
                ["usual_name"] = principal.GetClaim("usual_name"),
            });
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new TestProConnectProvider(app, new Uri(address.TrimEnd('/') + "/"));
        return provider;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
