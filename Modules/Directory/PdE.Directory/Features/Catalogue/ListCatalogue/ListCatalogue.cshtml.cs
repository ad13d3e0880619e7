using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Directory.Features.Catalogue.ListCatalogue;

/// <summary>« Catalogue »: the themes and subjects the public site offers, to add, edit, order and archive.</summary>
internal sealed class ListCatalogueModel(IMediator mediator) : PageModel
{
    internal IReadOnlyList<CatalogueTheme> Themes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Themes = await mediator.Send(new ListCatalogueQuery(), cancellationToken);
}
