using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Annuaire.ShowCoverageAnomalies;

/// <summary>« Anomalies de couverture »: what the team should mend in the directory so that every need finds its experts.</summary>
internal sealed class ShowCoverageAnomaliesModel(IMediator mediator) : PageModel
{
    internal CoverageAnomalies Anomalies { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Anomalies = await mediator.Send(new ShowCoverageAnomaliesQuery(), cancellationToken);
}
