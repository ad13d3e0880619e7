using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.PublicSite.ShowLanding;

/// <summary>
/// A landing: its own title and introduction, the partner and their logo, and what it offers: every theme of the catalogue,
/// its own themes, or one subject. With <c>?iframe=1</c> it is the embeddable variant (no header or footer; links open the
/// form in a new tab); only that variant may be framed, and only by the landing's own partner sites and those of the
/// <c>Embedding:AllowedOrigins</c> setting (see the host's security headers). An archived landing is a 404.
/// </summary>
[Embeddable]
internal sealed class ShowLandingModel(IMediator mediator) : PageModel
{
    /// <summary>The embeddable variant, asked with <c>?iframe=1</c> (the same test as the host's security headers).</summary>
    public bool Iframe => Request.Query[EmbeddableAttribute.QueryParameter] == "1";

    internal Landing Landing { get; private set; } = null!;

    public IReadOnlyList<PublicTheme> Themes { get; private set; } = [];

    /// <summary>The one subject of a landing that offers one; null when it left the catalogue (the page then offers nothing).</summary>
    public PublicSubject? Subject { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var landing = await mediator.Send(new GetLanding(slug), cancellationToken);
        if (landing is null)
        {
            return NotFound();
        }

        Landing = landing;
        HttpContext.Items[EmbeddableAttribute.OriginsItem] = landing.Origins ?? [];
        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        Themes = landing.Embed switch
        {
            Landings.LandingEmbed.Catalogue => catalogue,
            Landings.LandingEmbed.Subject => [],
            _ => landing.ThemeSlugs.Select(s => catalogue.FirstOrDefault(t => t.Slug == s)).OfType<PublicTheme>().ToList(),
        };
        Subject = landing.Embed == Landings.LandingEmbed.Subject
            ? catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == landing.SubjectSlug)
            : null;
        return Page();
    }
}
