using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveAntenne;

internal sealed class EditAntenneModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public AntenneInput Input { get; set; } = new();

    internal AntenneForm Form { get; private set; } = null!;

    public string? DeletionError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var current = Form.Current!;
        Input = new AntenneInput { Name = current.Name, TerritorialLevel = current.TerritorialLevel, ParentId = current.ParentId };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var saved = await this.SaveAsync(mediator, Input.ToCommand(id, Form.InstitutionSlug, Actor.From(User)), cancellationToken);
        return saved is null ? Page() : Redirect($"/admin/annuaire/antennes/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var result = await mediator.Send(new DeleteAntenneCommand(id, Actor.From(User)), cancellationToken);
        if (result.Id is null)
        {
            DeletionError = result.Error;
            var current = Form.Current!;
            Input = new AntenneInput { Name = current.Name, TerritorialLevel = current.TerritorialLevel, ParentId = current.ParentId };
            return Page();
        }

        TempData["InstitutionSaved"] = $"L’antenne « {Form.Current!.Name} » a été supprimée.";
        return Redirect($"/admin/annuaire/institutions/{Form.InstitutionSlug}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Form = (await mediator.Send(new AntenneFormQuery(null, id), cancellationToken))!;
        return Form?.Current is not null;
    }
}
