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
/// </summary>
internal static class Authentication
{
    public static IServiceCollection AddPdEAuthentication(this IServiceCollection services)
    {
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
                // A cookie outlives nothing: an account deleted after signing in loses access at its next request.
                options.Events.OnValidatePrincipal = async context =>
                {
                    var principal = context.Principal;
                    var mediator = context.HttpContext.RequestServices.GetRequiredService<IMediator>();
                    var access = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
                        ? await mediator.Send(new GetAccountAccess(userId), context.HttpContext.RequestAborted)
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
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(AuthorizationPolicies.Agent, policy => policy.RequireAuthenticatedUser());
        return services;
    }
}
