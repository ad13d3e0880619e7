using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.FollowUp.ResendFollowUpLinks;

internal sealed class ResendFollowUpLinksModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [TempData]
    public string? SentTo { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new ResendFollowUpLinksCommand((Email ?? "").Trim());
        if (!await this.ValidateIntoModelStateAsync(command, "", cancellationToken, key: nameof(Email)))
        {
            return Page();
        }

        await mediator.Send(command, cancellationToken);
        SentTo = command.Email;
        return RedirectToPage();
    }
}
