using Microsoft.AspNetCore.Mvc.RazorPages;

namespace PdE.Solicitations.Features.ShowSolicitationReceived;

public sealed class ShowSolicitationReceivedModel : PageModel
{
    public Guid Id { get; private set; }

    public void OnGet(Guid id) => Id = id;
}
