using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.FollowUp.ShowFollowUp;

internal sealed class ShowFollowUpModel(IMediator mediator) : PageModel
{
    internal FollowUp FollowUp { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        // The token is the only key to the page: never let a shared proxy or the referrer keep it.
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        var followUp = await mediator.Send(new ShowFollowUpQuery(token), cancellationToken);
        if (followUp is null)
        {
            return NotFound();
        }

        FollowUp = followUp;
        return Page();
    }
}
