using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.ResetPassword;

internal sealed class ResetPasswordModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public bool LinkIsUsable { get; private set; } = true;

    public async Task OnGetAsync(string token, CancellationToken cancellationToken) =>
        LinkIsUsable = await mediator.Send(new CheckPasswordResetQuery(token), cancellationToken);

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var command = new ResetPasswordCommand(token, Input.Password ?? "", Input.Confirmation ?? "");
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

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user.ToPrincipal());
        return Redirect("/conseiller");
    }
}

internal sealed class ResetPasswordInput
{
    public string? Password { get; set; }
    public string? Confirmation { get; set; }
}
