using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.RequestForm.ResumeSolicitation;

/// <summary>The private resume link: back to the first step not done yet (or to the receipt once the request is sent).</summary>
internal sealed class ResumeSolicitationModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        var draft = await mediator.Send(new GetSolicitationByToken(token), cancellationToken);
        return draft switch
        {
            null => NotFound(),
            { IsDraft: false } => Redirect($"/demande/envoyee/{draft.Id}"),
            { HasPlace: false } => Redirect($"/ma-demande/{token}/entreprise"),
            _ => Redirect($"/ma-demande/{token}/description"),
        };
    }
}
