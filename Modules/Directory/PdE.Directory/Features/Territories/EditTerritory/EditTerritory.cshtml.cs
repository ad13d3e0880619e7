using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Territories.EditTerritory;

internal sealed class EditTerritoryModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public TerritoryInput Input { get; set; } = new();

    [TempData]
    public string? TerritorySaved { get; set; }

    internal IReadOnlyList<RegionOption> Regions { get; private set; } = [];

    public bool Editing => RouteData.Values["territory"] is not null;

    public async Task<IActionResult> OnGetAsync(Guid? territory, CancellationToken cancellationToken)
    {
        if (territory is { } id)
        {
            var form = await mediator.Send(new FindTerritoryFormQuery(id), cancellationToken);
            if (form is null)
            {
                return NotFound();
            }

            Input = new TerritoryInput { Name = form.Name, RegionCode = form.RegionCode, CommuneCodes = form.CommuneCodes };
        }

        Regions = await mediator.Send(new ListRegionsQuery(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? territory, CancellationToken cancellationToken)
    {
        var command = new SaveTerritoryCommand(territory, (Input.Name ?? "").Trim(), Input.RegionCode, Input.CommuneCodes ?? "");
        if (await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            if (await mediator.Send(command, cancellationToken) is null)
            {
                return NotFound();
            }

            TerritorySaved = $"Le territoire « {command.Name} » a été enregistré ({InseeCodes.Parse(command.CommuneCodes).Count} communes).";
            return Redirect("/admin/territoires?q=" + Uri.EscapeDataString(command.Name));
        }

        Regions = await mediator.Send(new ListRegionsQuery(), cancellationToken);
        return Page();
    }
}

internal sealed class TerritoryInput
{
    public string? Name { get; set; }
    public string? RegionCode { get; set; }
    public string? CommuneCodes { get; set; }
}
