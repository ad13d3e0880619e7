using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.PartnerApi.ManagePartnerApiKeys;

/// <summary>The partners' keys to the request API: listed per institution, created (secret shown once), revoked.</summary>
internal sealed class ManagePartnerApiKeysModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty]
    public CreateKeyInput Input { get; set; } = new();

    [TempData]
    public string? Done { get; set; }

    /// <summary>The secret of the key just created: in this one response only, never stored nor put in a cookie.</summary>
    public string? CreatedKey { get; private set; }

    public string? CreatedFor { get; private set; }

    internal IReadOnlyList<InstitutionChoice> Institutions { get; private set; } = [];

    internal IReadOnlyList<PartnerApiKeyRow> Keys { get; private set; } = [];

    internal DateTime Now { get; } = clock.GetUtcNow().UtcDateTime;

    public DateOnly LatestValidUntil => ParisCalendar.Today(clock).AddYears(CreatePartnerApiKeyValidator.MaxYears);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A new key is valid for the longest allowed unless the team shortens it.
        Input.ValidUntil ??= LatestValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Institutions = await mediator.Send(new GetInstitutionChoices(), cancellationToken);
        var institution = Institutions.FirstOrDefault(i => i.Id == Input.InstitutionId);
        var command = new CreatePartnerApiKeyCommand(
            institution?.Id, institution?.Name, (Input.Label ?? "").Trim(), Input.ParsedValidUntil, User.Identity?.Name ?? "Agent");
        if (await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            var created = await mediator.Send(command, cancellationToken);
            CreatedKey = created.Key;
            CreatedFor = institution!.Name;
            // A secret on screen must not stay in a cache.
            Response.Headers.CacheControl = "no-cache, no-store";
            Input = new CreateKeyInput { ValidUntil = LatestValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        }

        Keys = await mediator.Send(new ListPartnerApiKeysQuery(), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        Done = await mediator.Send(new RevokePartnerApiKeyCommand(id, User.Identity?.Name ?? "Agent"), cancellationToken)
            ? "La clé a été révoquée : elle est refusée dès maintenant."
            : "Cette clé avait déjà été révoquée.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Institutions = await mediator.Send(new GetInstitutionChoices(), cancellationToken);
        Keys = await mediator.Send(new ListPartnerApiKeysQuery(), cancellationToken);
    }

    public sealed class CreateKeyInput
    {
        public Guid? InstitutionId { get; set; }
        public string? Label { get; set; }

        /// <summary>As the date field sends it (2027-03-12), or as typed where the browser has no date picker (12/03/2027).</summary>
        public string? ValidUntil { get; set; }

        internal DateOnly? ParsedValidUntil =>
            DateOnly.TryParseExact((ValidUntil ?? "").Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day : null;
    }
}
