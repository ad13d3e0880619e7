using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Accounts.SignOut;

/// <summary>Sign-out is a POST (with the anti-forgery token): a link or an image elsewhere cannot sign an agent out.</summary>
internal sealed class SignOutModel(IMediator mediator) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Deleting this browser's cookie is not enough: the session itself ends, wherever a copy of the cookie is.
        if (User.Identity?.IsAuthenticated == true)
        {
            await mediator.Send(new SignOutCommand(SignedInUser.IdOf(User)), cancellationToken);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/connexion?deconnecte=1");
    }
}
