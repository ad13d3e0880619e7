using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Stats.Contracts;

namespace PdE.Solicitations.Features.PublicSite.ShowHowItWorks;

/// <summary>"Comment ça marche": the service in three steps, with this year's live figures from Stats.</summary>
internal sealed class ShowHowItWorksModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public int Year { get; private set; }

    public KeyFigures Figures { get; private set; } = new(0, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Year = clock.GetUtcNow().Year;
        Figures = await mediator.Send(new GetKeyFigures(Year), cancellationToken);
    }
}
