using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Text;

namespace PdE.Solicitations.Features.RequestForm.ShowSolicitationReceived;

internal sealed class ShowSolicitationReceivedModel(IMediator mediator) : PageModel
{
    internal SolicitationReceipt Receipt { get; private set; } = null!;

    /// <summary>The institutions whose advisors cover this subject where the company is: who may answer.</summary>
    public IReadOnlyList<string> Institutions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var receipt = await mediator.Send(new GetSolicitationReceipt(id), cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        Receipt = receipt;
        var experts = await mediator.Send(new FindExpertsForNeed(receipt.SubjectSlug, receipt.CommuneCode), cancellationToken);
        Institutions = experts.Select(e => e.InstitutionName).Distinct().Order(StringComparer.Create(French.Culture, false)).ToList();
        return Page();
    }
}
