using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.Spam.ManageBlocklist;

internal sealed class ManageBlocklistModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public BlockInput Input { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    internal IReadOnlyList<BlockedSender> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Entries = await mediator.Send(new ListBlockedSendersQuery(), cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new BlockSenderCommand(Input.Kind ?? "", Input.Value ?? "", Input.Reason ?? "", User.Identity?.Name ?? "Agent");
        if (await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            var refused = await mediator.Send(command, cancellationToken);
            if (refused is null)
            {
                Done = "L’entrée a été ajoutée : les prochaines demandes concernées seront mises de côté.";
                return RedirectToPage();
            }

            ModelState.AddModelError("Input.Value", refused);
        }

        Entries = await mediator.Send(new ListBlockedSendersQuery(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, CancellationToken cancellationToken)
    {
        Done = await mediator.Send(new UnblockSenderCommand(id), cancellationToken)
            ? "L’entrée a été retirée de la liste."
            : "Cette entrée avait déjà été retirée.";
        return RedirectToPage();
    }

    public sealed class BlockInput
    {
        public string? Kind { get; set; } = "email";
        public string? Value { get; set; }
        public string? Reason { get; set; }
    }
}
