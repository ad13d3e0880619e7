using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.ShowSolicitationReceived;

public sealed class ShowSolicitationReceivedModel(IMediator mediator) : PageModel
{
    internal SolicitationReceipt Receipt { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var receipt = await mediator.Send(new GetSolicitationReceipt(id), cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        Receipt = receipt;
        return Page();
    }
}
