using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;

namespace PdE.Solicitations.Features.PublicSite.ShowTheme;

/// <summary>A theme and its subjects, each with its description.</summary>
internal sealed class ShowThemeModel(IMediator mediator) : PageModel
{
    public PublicTheme Theme { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var theme = (await mediator.Send(new GetPublicCatalogue(), cancellationToken)).FirstOrDefault(t => t.Slug == slug);
        if (theme is null)
        {
            return NotFound();
        }

        Theme = theme;
        return Page();
    }
}
