using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.RequestForm.SuggestCompanies;

/// <summary>Autocomplete of the request form: JSON suggestions for what was typed; no view of its own.</summary>
public sealed class SuggestCompaniesModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        var search = await mediator.Send(new SearchCompanies(q ?? string.Empty), cancellationToken);
        return new JsonResult(CompanySuggestions.From(search));
    }
}
