using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Territories.ListTerritories;

internal sealed class ListTerritoriesModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    // "page" is also Razor Pages' own route value (the page's name), which [BindProperty] reads first: page 2 showed page 1.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    internal TerritoryPage Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Result = await mediator.Send(new ListTerritoriesQuery(Search, PageNumber), cancellationToken);
}
