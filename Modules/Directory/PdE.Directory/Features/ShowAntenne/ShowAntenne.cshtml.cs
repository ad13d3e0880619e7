using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.ShowAntenne;

public sealed class ShowAntenneModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    internal AntenneDetails Antenne { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var antenne = await mediator.Send(new ShowAntenneQuery(id, Search, PageNumber), cancellationToken);
        if (antenne is null)
        {
            return NotFound();
        }

        Antenne = antenne;
        return Page();
    }
}
