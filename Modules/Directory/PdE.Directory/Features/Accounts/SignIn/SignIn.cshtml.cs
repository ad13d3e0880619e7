using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.SignIn;

internal sealed class SignInModel(IMediator mediator, TimeProvider clock) : PageModel
{
    // One message for an unknown address, a wrong password and a locked account: it must not reveal which accounts exist.
    internal const string Refused = "Adresse électronique ou mot de passe incorrect. Par sécurité, après 5 essais infructueux depuis votre connexion, les essais suivants doivent attendre, jusqu’à 15 minutes : vous pouvez alors patienter ou choisir un nouveau mot de passe.";

    [BindProperty]
    public SignInInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true, Name = "deconnecte")]
    public int? SignedOut { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new SignInCommand((Input.Email ?? "").Trim(), Input.Password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString());
        await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken);

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await mediator.Send(command, cancellationToken);
        if (user is null)
        {
            Error = Refused;
            return Page();
        }

        var principal = user.ToPrincipal(clock.GetUtcNow());
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : AgentLanding.For(principal));
    }
}

internal sealed class SignInInput
{
    public string? Email { get; set; }
    public string? Password { get; set; }
}
