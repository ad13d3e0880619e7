using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.RequestPasswordReset;

internal sealed class RequestPasswordResetModel(IMediator mediator) : PageModel
{
    // The same words whether or not the address has an account: the page must not reveal who is registered.
    internal const string Confirmation = "Si un compte existe avec cette adresse électronique, vous allez recevoir un courriel avec un lien pour choisir un nouveau mot de passe. Ce lien est valable 1 heure. Pensez à vérifier vos courriers indésirables.";

    [BindProperty]
    public RequestPasswordResetInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new RequestPasswordResetCommand((Input.Email ?? "").Trim());
        await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken);

        if (ModelState.IsValid)
        {
            await mediator.Send(command, cancellationToken);
            Sent = true;
        }

        return Page();
    }
}

internal sealed class RequestPasswordResetInput
{
    public string? Email { get; set; }
}
