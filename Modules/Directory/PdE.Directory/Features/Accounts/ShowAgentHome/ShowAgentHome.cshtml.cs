using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.ShowAgentHome;

[Authorize(Policy = AuthorizationPolicies.Agent)]
internal sealed class ShowAgentHomeModel(IMediator mediator) : PageModel
{
    public string FullName { get; private set; } = "";
    public string AntenneName { get; private set; } = "";
    public string InstitutionName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var home = await mediator.Send(new ShowAgentHomeQuery(SignedInUser.IdOf(User)), cancellationToken);
        if (home is null)
        {
            // The account was deleted while its cookie was still valid.
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Redirect("/connexion");
        }

        (FullName, AntenneName, InstitutionName) = (home.FullName, home.AntenneName, home.InstitutionName);
        return Page();
    }
}
