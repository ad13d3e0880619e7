using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveInstitution;

internal sealed class EditInstitutionModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public InstitutionInput Input { get; set; } = new();

    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var current = await mediator.Send(new InstitutionFormQuery(slug), cancellationToken);
        if (current is null)
        {
            return NotFound();
        }

        Name = current.Name;
        Input = new InstitutionInput { Name = current.Name, Category = current.Category, DisplayLogo = current.DisplayLogo };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        var current = await mediator.Send(new InstitutionFormQuery(slug), cancellationToken);
        if (current is null)
        {
            return NotFound();
        }

        Name = current.Name;
        if (await this.SaveAsync(mediator, Input.ToCommand(slug, Actor.From(User)), cancellationToken) is null)
        {
            return Page();
        }

        TempData["InstitutionSaved"] = "Les modifications ont été enregistrées.";
        return Redirect($"/admin/annuaire/institutions/{slug}");
    }
}
