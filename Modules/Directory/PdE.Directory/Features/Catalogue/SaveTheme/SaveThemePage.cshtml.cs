using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.SaveTheme;

/// <summary>« Ajouter un thème » (no slug in the address) and « Modifier le thème ».</summary>
internal sealed class SaveThemePageModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public ThemeInput Input { get; set; } = new();

    [FromRoute(Name = "theme")]
    public string? Slug { get; set; }

    public bool IsNew => Slug is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Slug is null)
        {
            return Page();
        }

        if (await mediator.Send(new ThemeFormQuery(Slug), cancellationToken) is not { } current)
        {
            return NotFound();
        }

        Input = new ThemeInput { Label = current.Label, Position = current.Position };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Slug is not null && await mediator.Send(new ThemeFormQuery(Slug), cancellationToken) is null)
        {
            return NotFound();
        }

        if (await this.SaveAsync(mediator, Input.ToCommand(Slug, Actor.From(User)), cancellationToken) is null)
        {
            return Page();
        }

        TempData["CatalogueSaved"] = IsNew ? $"Le thème « {Input.Label?.Trim()} » a été ajouté." : "Les modifications du thème ont été enregistrées.";
        return Redirect("/admin/catalogue");
    }
}
