using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveExpert;

internal sealed class CreateExpertModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public ExpertInput Input { get; set; } = new();

    [TempData]
    public string? SavedMessage { get; set; }

    internal ExpertFormContext Context { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var expertId = await this.SaveAsync(mediator, Input.ToCommand(null, id, Actor.From(User)), cancellationToken);
        if (expertId is not null)
        {
            SavedMessage = $"« {Input.FullName?.Trim()} » a été ajouté à l’annuaire.";
            return Redirect($"/admin/annuaire/experts/{expertId}");
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid antenneId, CancellationToken cancellationToken)
    {
        var context = await mediator.Send(new ExpertFormContextQuery(antenneId, null), cancellationToken);
        Context = context!;
        return context is not null;
    }
}
