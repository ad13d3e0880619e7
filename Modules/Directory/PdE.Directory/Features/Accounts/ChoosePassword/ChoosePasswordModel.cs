using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.ChoosePassword;

/// <summary>The page a password link opens, for an invitation or a reset: each has its own address and words, not its own logic.</summary>
internal abstract class ChoosePasswordModel(IMediator mediator, TimeProvider clock, string purpose) : PageModel
{
    [BindProperty]
    public ChoosePasswordInput Input { get; set; } = new();

    public bool LinkIsUsable { get; private set; } = true;

    public async Task OnGetAsync(string token, CancellationToken cancellationToken) =>
        LinkIsUsable = await mediator.Send(new CheckPasswordLinkQuery(purpose, token), cancellationToken);

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var command = new ChoosePasswordCommand(purpose, token, Input.Password ?? "", Input.Confirmation ?? "");
        await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken);

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await mediator.Send(command, cancellationToken);
        if (user is null)
        {
            LinkIsUsable = false;
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user.ToPrincipal(clock.GetUtcNow()));
        return Redirect("/conseiller");
    }
}

internal sealed class AcceptInvitationModel(IMediator mediator, TimeProvider clock) : ChoosePasswordModel(mediator, clock, UserTokens.Invitation);

internal sealed class ResetPasswordModel(IMediator mediator, TimeProvider clock) : ChoosePasswordModel(mediator, clock, UserTokens.PasswordReset);

internal sealed class ChoosePasswordInput
{
    public string? Password { get; set; }
    public string? Confirmation { get; set; }
}
