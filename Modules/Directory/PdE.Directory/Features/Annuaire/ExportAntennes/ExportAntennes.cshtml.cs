using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Annuaire.ExportAntennes;

/// <summary>Downloads the antennes of an institution; no view of its own.</summary>
internal sealed class ExportAntennesModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var csv = await mediator.Send(new ExportAntennesQuery(slug), cancellationToken);
        return csv is null ? NotFound() : File(csv, "text/csv; charset=utf-8", $"antennes-{slug}.csv");
    }
}
