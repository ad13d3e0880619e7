using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Annuaire.ListInstitutions;

internal sealed class ListInstitutionsModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    // "page" is also Razor Pages' own route value (the page's name), which [BindProperty] reads first: page 2 showed page 1.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    internal InstitutionPage Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Result = await mediator.Send(new ListInstitutionsQuery(Search, PageNumber), cancellationToken);
}
