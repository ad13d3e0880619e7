using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Validation;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.SubmitSolicitation;

public sealed class SubmitSolicitationModel(IMediator mediator) : PageModel
{
    // Until the subject catalogue reaches the public site, requests go to the "other request" subject.
    internal const string DefaultSubject = "autre-demande";

    [BindProperty]
    public SubmitSolicitationInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new SubmitSolicitationCommand(
            (Input.FullName ?? "").Trim(),
            (Input.Email ?? "").Trim(),
            PhoneNumber.Normalize(Input.Phone),
            Siret.Normalize(Input.Siret),
            (Input.Description ?? "").Trim(),
            DefaultSubject);

        if (!await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            return Page();
        }

        var id = await mediator.Send(command, cancellationToken);
        return Redirect($"/demande/envoyee/{id}");
    }
}

public sealed class SubmitSolicitationInput
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Siret { get; set; }
    public string? Description { get; set; }
}
