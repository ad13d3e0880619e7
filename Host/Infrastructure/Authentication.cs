using System.Globalization;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Host.Infrastructure;

/// <summary>
/// Agents sign in with a cookie (sliding, 8 hours). Its keys come from the data-protection key ring that the Directory
/// module sets up and keeps in PostgreSQL (AddDirectory), so every host reads and writes the same cookies.
/// The cookie is only a ticket to a server-side check, made on every request: the account must still exist and its
/// security stamp must still be the one of the cookie (a new one is set at sign-out, new password, change of rights and
/// deletion, so a copied cookie dies with them), and the sign-in must be younger than the absolute lifetime
/// (<c>Authentication:AbsoluteLifetime</c>, 12 hours by default), however often the cookie slid.
/// </summary>
internal static class Authentication
{
    /// <summary>A working day with its margins: signed in at 8:00, signed out by 20:00 at the latest; the next morning, sign in again.</summary>
    public static readonly TimeSpan DefaultAbsoluteLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddPdEAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var absoluteLifetime = configuration.GetValue<TimeSpan?>("Authentication:AbsoluteLifetime") ?? DefaultAbsoluteLifetime;
        if (absoluteLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Authentication:AbsoluteLifetime must be a positive duration, e.g. 12:00:00.");
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "pde_session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/connexion";
                options.LogoutPath = "/deconnexion";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                // A signed-in agent without the right gets a plain 403, which the status-code pages render as the French
                // "Accès refusé" page, instead of a redirect to an access-denied address.
                // A cookie outlives nothing: a deleted account, a session ended elsewhere (sign-out, new password, rights
                // changed) or one signed in too long ago loses access at its next request, as if it had never signed in.
                options.Events.OnValidatePrincipal = async context =>
                {
                    var principal = context.Principal;
                    var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                    var mediator = context.HttpContext.RequestServices.GetRequiredService<IMediator>();
                    var access = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
                        && Guid.TryParse(principal!.FindFirstValue(SessionClaims.SecurityStamp), out var stamp)
                        && IsWithinLifetime(principal, clock.GetUtcNow(), absoluteLifetime)
                            ? await mediator.Send(new GetAccountAccess(userId, stamp), context.HttpContext.RequestAborted)
                            : null;
                    if (access is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                        return;
                    }

                    // Rights changed since sign-in (an admin removed or granted a role): the new ones apply from this request on.
                    var cookieRoles = principal!.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal);
                    if (!cookieRoles.SequenceEqual(access.Roles))
                    {
                        var claims = principal.Claims.Where(c => c.Type != ClaimTypes.Role)
                            .Concat(access.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
                        context.ReplacePrincipal(new ClaimsPrincipal(new ClaimsIdentity(claims, principal.Identity!.AuthenticationType)));
                        context.ShouldRenew = true;
                    }
                };
                options.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddProConnect(configuration);

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Agent, policy => policy.RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Signed in less than <paramref name="lifetime"/> ago. A cookie without sign-in instant (issued before it existed) is
    /// refused, and so is one from the future beyond a minute of clock skew between hosts.
    /// </summary>
    private static bool IsWithinLifetime(ClaimsPrincipal principal, DateTimeOffset now, TimeSpan lifetime)
    {
        if (!long.TryParse(principal.FindFirstValue(SessionClaims.SignedInAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age < lifetime && age > -TimeSpan.FromMinutes(1);
    }
}
