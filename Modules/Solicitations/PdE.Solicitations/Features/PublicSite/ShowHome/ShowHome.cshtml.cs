using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;

namespace PdE.Solicitations.Features.PublicSite.ShowHome;

/// <summary>The front door: the catalogue's themes as tiles.</summary>
internal sealed class ShowHomeModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<PublicTheme> Themes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Themes = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
}
