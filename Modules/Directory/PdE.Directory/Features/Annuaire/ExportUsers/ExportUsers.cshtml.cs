using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Annuaire.ExportUsers;

/// <summary>Downloads the users of an institution with their teams and subjects; no view of its own.</summary>
internal sealed class ExportUsersModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var csv = await mediator.Send(new ExportUsersQuery(slug), cancellationToken);
        return csv is null ? NotFound() : File(csv, "text/csv; charset=utf-8", $"conseillers-{slug}.csv");
    }
}
