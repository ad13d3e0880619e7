using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Accounts.StartProConnectSignIn;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.SignIn;

internal sealed class SignInModel(IMediator mediator, TimeProvider clock, IAuthenticationSchemeProvider schemes) : PageModel
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

    /// <summary>Why a ProConnect sign-in ended here (<see cref="ProConnect.Outcomes"/>), set by the Host's handler.</summary>
    [BindProperty(SupportsGet = true, Name = ProConnect.OutcomeParameter)]
    public string? ProConnectOutcome { get; set; }

    /// <summary>The ProConnect settings are set: the button shows above the password form.</summary>
    public bool ProConnectOn { get; private set; }

    public async Task OnGetAsync()
    {
        ProConnectOn = await StartProConnectSignInModel.IsOnAsync(schemes);
        // The address ProConnect sent for a refused account: kept one request by the Host, never taken from the address bar.
        var email = TempData[ProConnect.RefusedEmailTempData] as string;
        Error = ProConnectRefusal(ProConnectOutcome, email);
    }

    /// <summary>The French message of a ProConnect sign-in that did not open a session; null for any other value.</summary>
    internal static string? ProConnectRefusal(string? outcome, string? email)
    {
        var address = string.IsNullOrEmpty(email) ? "l’adresse" : $"l’adresse {email}";
        return outcome switch
        {
            ProConnect.Outcomes.NoAccount =>
                $"Aucun compte actif de Place des Entreprises ne correspond à {address} transmise par ProConnect. Demandez à votre administrateur de vous créer un compte, ou connectez-vous avec votre mot de passe.",
            ProConnect.Outcomes.InvitationPending =>
                $"Votre compte de Place des Entreprises ({address} transmise par ProConnect) n’est pas encore activé : ouvrez le lien de l’e-mail d’invitation et choisissez votre mot de passe, puis connectez-vous. Lien perdu ou expiré ? Demandez à votre administrateur de vous renvoyer l’invitation.",
            ProConnect.Outcomes.Cancelled =>
                "La connexion avec ProConnect a été annulée. Vous pouvez réessayer, ou vous connecter avec votre mot de passe.",
            ProConnect.Outcomes.Unavailable =>
                "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre mot de passe.",
            ProConnect.Outcomes.Failed =>
                "La connexion avec ProConnect n’a pas abouti : sa réponse n’a pas pu être vérifiée, ou elle est arrivée trop tard. Réessayez, ou connectez-vous avec votre mot de passe.",
            _ => null,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new SignInCommand((Input.Email ?? "").Trim(), Input.Password ?? "", HttpContext.Connection.RemoteIpAddress?.ToString());
        await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken);

        ProConnectOn = await StartProConnectSignInModel.IsOnAsync(schemes);
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
