using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveExpert;

internal sealed class EditExpertModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public ExpertInput Input { get; set; } = new();

    [TempData]
    public string? SavedMessage { get; set; }

    internal ExpertFormContext Context { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid expertId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(expertId, cancellationToken))
        {
            return NotFound();
        }

        Input = ExpertInput.From(Context.Current!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid expertId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(expertId, cancellationToken))
        {
            return NotFound();
        }

        var saved = await this.SaveAsync(mediator, Input.ToCommand(expertId, Context.AntenneId, Actor.From(User)), cancellationToken);
        if (saved is null)
        {
            return Page();
        }

        SavedMessage = "Les modifications ont été enregistrées.";
        return Redirect($"/admin/annuaire/experts/{expertId}");
    }

    private async Task<bool> LoadAsync(Guid expertId, CancellationToken cancellationToken)
    {
        var context = await mediator.Send(new ExpertFormContextQuery(null, expertId), cancellationToken);
        Context = context!;
        return context is not null;
    }
}
