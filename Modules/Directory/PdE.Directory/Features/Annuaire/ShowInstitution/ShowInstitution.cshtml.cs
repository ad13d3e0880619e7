using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Annuaire.ShowInstitution;

internal sealed class ShowInstitutionModel(IMediator mediator) : PageModel
{
    internal InstitutionDetails Institution { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var institution = await mediator.Send(new ShowInstitutionQuery(slug), cancellationToken);
        if (institution is null)
        {
            return NotFound();
        }

        Institution = institution;
        return Page();
    }
}
