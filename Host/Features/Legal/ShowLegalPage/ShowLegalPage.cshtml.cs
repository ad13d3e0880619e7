using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Host.Features.Legal.ShowLegalPage;

/// <summary>« Accessibilité », « Mentions légales » and « Données personnelles », linked from every page's footer.</summary>
public sealed class ShowLegalPageModel(LegalPages pages) : PageModel
{
    public LegalPage Legal { get; private set; } = null!;

    public IActionResult OnGet([FromRoute] string slug)
    {
        if (pages.Find(slug) is not { } page)
        {
            return NotFound();
        }

        Legal = page;
        return Page();
    }
}
