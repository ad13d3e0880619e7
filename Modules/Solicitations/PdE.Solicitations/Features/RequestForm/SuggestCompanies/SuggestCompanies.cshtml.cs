using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.Features.RequestForm.SuggestCompanies;

/// <summary>Autocomplete of the request form: JSON suggestions for what was typed; no view of its own.</summary>
internal sealed class SuggestCompaniesModel(ICompanyRegistry registry) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        var search = await registry.SearchAsync(q ?? string.Empty, cancellationToken);
        return new JsonResult(CompanySuggestions.From(search));
    }
}
