using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveInstitution;

internal sealed class CreateInstitutionModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public InstitutionInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = Input.ToCommand(null, Actor.From(User));
        if (await this.SaveAsync(mediator, command, cancellationToken) is null)
        {
            return Page();
        }

        TempData["InstitutionSaved"] = $"L’institution « {Input.Name?.Trim()} » a été créée. Ajoutez-lui des antennes.";
        return Redirect($"/admin/annuaire/institutions/{command.Slug}");
    }
}
