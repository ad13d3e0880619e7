using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.Landings.SaveLanding;

/// <summary>« Nouvelle page partenaire » (no slug in the address) and a landing's own page: its form, embed code, archive.</summary>
internal sealed class SaveLandingPageModel(IMediator mediator, IOptions<SiteOptions> site) : PageModel
{
    [BindProperty]
    public LandingInput Input { get; set; } = new();

    [FromRoute(Name = "landing")]
    public string? Slug { get; set; }

    public bool IsNew => Slug is null;

    internal LandingForm? Current { get; private set; }

    internal IReadOnlyList<PublicTheme> Catalogue { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    /// <summary>What the team copies into the partner's page: the landing's embeddable variant, full width.</summary>
    public string EmbedCode => Current is null ? "" :
        $"<iframe src=\"{site.Value.Url($"/aide-entreprises/{Current.Slug}?iframe=1")}\" title=\"{System.Net.WebUtility.HtmlEncode(Current.Title)} – Place des Entreprises\" "
        + "style=\"width: 100%; height: 900px; border: 0;\" loading=\"lazy\"></iframe>";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        if (Slug is null)
        {
            Input.Embed = LandingEmbed.Themes;
            return Page();
        }

        if ((Current = await mediator.Send(new LandingFormQuery(Slug), cancellationToken)) is null)
        {
            return NotFound();
        }

        Input = LandingInput.From(Current);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        if (Slug is not null && (Current = await mediator.Send(new LandingFormQuery(Slug), cancellationToken)) is null)
        {
            return NotFound();
        }

        // Only the catalogue's themes and subjects are offered: anything else posted is ignored, not stored.
        var themes = Catalogue.Select(t => t.Slug).Where(Input.Themes.Contains).ToList();
        var subject = Catalogue.SelectMany(t => t.Subjects).Any(s => s.Slug == Input.Subject) ? Input.Subject : null;
        byte[]? logo = null;
        if (Input.Logo is { Length: > 0 } file)
        {
            // Read at most one byte past the limit: the validator refuses it without holding a huge upload in memory.
            await using var stream = file.OpenReadStream();
            var buffer = new byte[Math.Min(file.Length, LandingRules.MaxLogoBytes + 1)];
            logo = buffer[..await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)];
        }

        var command = new SaveLandingCommand(Slug, (Input.Slug ?? "").Trim(), (Input.Title ?? "").Trim(), (Input.Intro ?? "").Trim(),
            Input.Partner?.Trim(), Input.Embed ?? "", themes, subject,
            (Input.Origins ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            new LogoChange(logo, Input.RemoveLogo));
        if (!await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            return Page();
        }

        var result = await mediator.Send(command, cancellationToken);
        if (result.Slug is null)
        {
            ModelState.AddModelError(result.Field is null ? "" : $"{nameof(Input)}.{result.Field}", result.Error!);
            return Page();
        }

        Done = IsNew ? $"La page « {command.Title} » a été créée : copiez son code d’intégration pour le partenaire." : "Les modifications ont été enregistrées.";
        return Redirect($"/admin/parcours/{result.Slug}");
    }

    public async Task<IActionResult> OnPostArchiveAsync(bool archive, CancellationToken cancellationToken)
    {
        if (Slug is null || !await mediator.Send(new ArchiveLandingCommand(Slug, archive), cancellationToken))
        {
            return NotFound();
        }

        Done = archive ? "La page est archivée : elle n’est plus proposée, ni sur le site ni chez le partenaire." : "La page est de nouveau proposée.";
        return Redirect($"/admin/parcours/{Slug}");
    }

    public string? Error(string field) => ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null;

    public sealed class LandingInput
    {
        public string? Slug { get; set; }
        public string? Title { get; set; }
        public string? Intro { get; set; }
        public string? Partner { get; set; }
        public string? Embed { get; set; }
        public List<string> Themes { get; set; } = [];
        public string? Subject { get; set; }

        /// <summary>One origin a line.</summary>
        public string? Origins { get; set; }

        public IFormFile? Logo { get; set; }
        public bool RemoveLogo { get; set; }

        internal static LandingInput From(LandingForm form) => new()
        {
            Title = form.Title, Intro = form.Intro, Partner = form.Partner, Embed = form.Embed, Themes = [.. form.ThemeSlugs],
            Subject = form.SubjectSlug, Origins = string.Join('\n', form.Origins),
        };
    }
}
