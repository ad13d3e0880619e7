using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Territories.AssignTerritory;

internal sealed class AssignTerritoryModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public Guid? AntenneId { get; set; }

    internal TerritorySummary Territory { get; private set; } = null!;
    internal IReadOnlyList<AntenneChoice> Antennes { get; private set; } = [];
    internal TerritoryAssigned? Assigned { get; private set; }

    public async Task<IActionResult> OnGetAsync(string territory, CancellationToken cancellationToken) =>
        await LoadAsync(territory, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string territory, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(territory, cancellationToken))
        {
            return NotFound();
        }

        if (AntenneId is not { } antenneId || Antennes.All(a => a.Id != antenneId))
        {
            ModelState.AddModelError(nameof(AntenneId), "Choisissez l’antenne à laquelle affecter le territoire.");
            return Page();
        }

        Assigned = await mediator.Send(new AssignTerritoryCommand(Territory.Key, antenneId, Actor.From(User)), cancellationToken);
        return Assigned is null ? NotFound() : Page();
    }

    private async Task<bool> LoadAsync(string territory, CancellationToken cancellationToken)
    {
        var key = TerritoryKey.Parse(territory);
        var found = key is null ? null : await mediator.Send(new FindTerritoryQuery(key), cancellationToken);
        if (found is null)
        {
            return false;
        }

        Territory = found;
        Antennes = await mediator.Send(new ListAntenneChoicesQuery(), cancellationToken);
        return true;
    }
}
