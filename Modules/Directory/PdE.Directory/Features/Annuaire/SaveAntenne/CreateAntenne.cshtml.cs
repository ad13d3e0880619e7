using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveAntenne;

internal sealed class CreateAntenneModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public AntenneInput Input { get; set; } = new();

    internal AntenneForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken) =>
        await LoadAsync(slug, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        var id = await this.SaveAsync(mediator, Input.ToCommand(null, slug, Actor.From(User)), cancellationToken);
        return id is null ? Page() : Redirect($"/admin/annuaire/antennes/{id}");
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        Form = (await mediator.Send(new AntenneFormQuery(slug, null), cancellationToken))!;
        return Form is not null;
    }
}
