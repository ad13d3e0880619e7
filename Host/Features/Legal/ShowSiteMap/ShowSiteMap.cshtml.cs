using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;

namespace PdE.Host.Features.Legal.ShowSiteMap;

/// <summary>« Plan du site »: every public page, the catalogue's themes and subjects as the home page shows them.</summary>
public sealed class ShowSiteMapModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<PublicTheme> Themes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Themes = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
}
