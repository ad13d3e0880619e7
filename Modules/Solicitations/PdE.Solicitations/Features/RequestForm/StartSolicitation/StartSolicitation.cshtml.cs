using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;
using PdE.Directory.Contracts;
using PdE.Shared.Validation;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.RequestForm.StartSolicitation;

/// <summary>Step 1 of 3: who to call back. Saving it creates the draft and its private resume link.</summary>
internal sealed class StartSolicitationModel(IMediator mediator, ILogger<StartSolicitationModel> logger) : PageModel
{
    [BindProperty]
    public StartSolicitationInput Input { get; set; } = new();

    public PublicSubject Subject { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(
        string slug, string? utm_source, string? utm_campaign, string? utm_term, string? origine, string? parcours, CancellationToken cancellationToken)
    {
        if (!await LoadSubjectAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        // Kept in hidden fields until the draft exists: the origin is the page that linked to the form.
        Input.UtmSource = utm_source;
        Input.UtmCampaign = utm_campaign;
        Input.UtmTerm = utm_term;
        Input.OriginPage = origine ?? Request.Headers.Referer.ToString();
        Input.Landing = parcours;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await LoadSubjectAsync(slug, cancellationToken))
        {
            return NotFound();
        }

        if (!string.IsNullOrEmpty(Input.Website))
        {
            // Only a robot fills the invisible field: nothing is saved, and it gets no hint of why.
            logger.LogWarning("Request form step 1 ignored: the honeypot field was filled (from {Address})", HttpContext.Connection.RemoteIpAddress);
            return Redirect("/");
        }

        var command = new StartSolicitationCommand(
            Subject.Slug,
            (Input.FullName ?? "").Trim(),
            (Input.Email ?? "").Trim(),
            PhoneNumber.Normalize(Input.Phone),
            Tracking.From(Input.UtmSource, Input.UtmCampaign, Input.UtmTerm, Input.OriginPage, Input.Landing));
        if (!await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            return Page();
        }

        var started = await mediator.Send(command, cancellationToken);
        if (started.Refusal is not null)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Email)}", started.Refusal);
            return Page();
        }

        return Redirect($"/ma-demande/{started.Token}/entreprise?nouvelle=1");
    }

    private async Task<bool> LoadSubjectAsync(string slug, CancellationToken cancellationToken)
    {
        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        Subject = catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == slug)!;
        return Subject is not null;
    }
}

internal sealed class StartSolicitationInput
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? UtmSource { get; set; }
    public string? UtmCampaign { get; set; }
    public string? UtmTerm { get; set; }
    public string? OriginPage { get; set; }
    public string? Landing { get; set; }

    /// <summary>The honeypot: invisible to people, so anything in it was typed by a robot.</summary>
    public string? Website { get; set; }
}
