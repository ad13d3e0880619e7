using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;

namespace PdE.Solicitations.Features.PublicSite.ShowSubject;

/// <summary>A subject: what it covers, what the form will ask, and the button that starts the form.</summary>
internal sealed class ShowSubjectModel(IMediator mediator) : PageModel
{
    public PublicTheme Theme { get; private set; } = null!;

    public PublicSubject Subject { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        var found = catalogue.SelectMany(t => t.Subjects.Select(s => (Theme: t, Subject: s))).FirstOrDefault(x => x.Subject.Slug == slug);
        if (found.Subject is null)
        {
            return NotFound();
        }

        (Theme, Subject) = found;
        return Page();
    }
}
