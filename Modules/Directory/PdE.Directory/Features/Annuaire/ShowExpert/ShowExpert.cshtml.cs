using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Annuaire.ShowExpert;

internal sealed class ShowExpertModel(IMediator mediator) : PageModel
{
    internal ExpertDetails Details { get; private set; } = null!;

    [TempData]
    public string? SavedMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid expertId, CancellationToken cancellationToken)
    {
        var details = await mediator.Send(new ShowExpertQuery(expertId), cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        Details = details;
        return Page();
    }
}
