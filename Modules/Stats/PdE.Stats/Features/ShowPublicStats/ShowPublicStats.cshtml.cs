using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Stats.Features.ShowPublicStats;

internal sealed class ShowPublicStatsModel(IMediator mediator) : PageModel
{
    internal PublicStats Stats { get; private set; } = new(0, 0, 0, 0, new(0, 0, 0), []);

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Stats = await mediator.Send(new GetPublicStats(), cancellationToken);
}
