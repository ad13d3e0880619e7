using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Text;

namespace PdE.Stats.Features.Exports.ListExports;

/// <summary>
/// <c>/conseiller/exports</c>: the exports the person asked for from their statistics page, with their progress while
/// they are written (<c>?handler=Etat</c>, read every few seconds by <c>export-progress.js</c>) and then their file.
/// </summary>
internal sealed class ListExportsModel(IMediator mediator) : PageModel
{
    internal IReadOnlyList<ExportLine> Exports { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Exports = await mediator.Send(new ListMyExports(Me()), cancellationToken);

    /// <summary>Where each export stands, for the page's script: it reloads the page when one is ready or has failed.</summary>
    public async Task<IActionResult> OnGetEtatAsync(CancellationToken cancellationToken)
    {
        var exports = await mediator.Send(new ListMyExports(Me()), cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(exports.Select(e => new { id = e.Id, status = e.Status, rowsDone = e.RowsDone, rowsTotal = e.RowsTotal, percent = e.Percent, progress = Progress(e) }));
    }

    /// <summary>« 12 000 lignes sur 50 000 » while it is written, in French.</summary>
    internal static string Progress(ExportLine export) => export switch
    {
        { Status: "queued" } => "En attente : il sera préparé dans quelques instants.",
        { RowsTotal: null } => "En préparation : comptage des lignes.",
        { RowsTotal: var total } => $"En préparation : {French.Number(export.RowsDone)} {(export.RowsDone >= 2 ? "lignes écrites" : "ligne écrite")} sur {French.Number(total!.Value)}.",
    };

    private Guid Me() => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
