using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.Landings.ListLandings;

/// <summary>« Pages partenaires »: the landings, offered first, archived after.</summary>
internal sealed class ListLandingsModel(IMediator mediator) : PageModel
{
    internal IReadOnlyList<LandingLine> Landings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Landings = await mediator.Send(new ListLandingsQuery(), cancellationToken);
}
