using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using PdE.Directory.Contracts;
using PdE.Shared.Validation;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.Features.RequestForm.ChooseCompany;

/// <summary>
/// Step 2 of 3. Usually: one search box (name, SIREN or SIRET) answered on the server, then a list of establishments to pick
/// (works without JavaScript). When the registry does not answer, a valid SIRET alone is accepted. Subjects flagged
/// <see cref="PublicSubject.AsksCommune"/> ask for the commune (and maybe an amount) instead.
/// </summary>
internal sealed class ChooseCompanyModel(IMediator mediator, ICompanyRegistry registry, Microsoft.Extensions.Options.IOptions<SiteOptions> site) : PageModel
{
    [BindProperty]
    public ChooseCompanyInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "recherche")]
    public string? Search { get; set; }

    /// <summary>Just after step 1 (<c>?nouvelle=1</c>): says the contact details are saved.</summary>
    public bool JustStarted => Request.Query["nouvelle"] == "1";

    internal DraftContext Context { get; private set; } = null!;

    internal CompanySearch? Results { get; private set; }

    internal IReadOnlyList<CommuneChoice> Communes { get; private set; } = [];

    // From the configured address, never the request's Host header, which a client chooses.
    public string ResumeUrl => site.Value.Url(Context.ResumePath);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        Input.Siret = Context.Draft.Siret;
        await SearchAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEtablissementAsync(string token, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        var command = new ChooseEstablishmentCommand(Context.Draft.Id, Siret.Normalize(Input.Siret));
        if (await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            var choice = await mediator.Send(command, cancellationToken);
            if (EstablishmentMessages.For(choice) is not { } refusal)
            {
                return Redirect($"/ma-demande/{token}/description");
            }

            ModelState.AddModelError("Input.Siret", refusal);
        }

        await SearchAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCommuneAsync(string token, CancellationToken cancellationToken)
    {
        if (await LoadAsync(token, cancellationToken) is { } redirect)
        {
            return redirect;
        }

        var postcode = new string((Input.Postcode ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        Communes = postcode.Length == 5 ? await mediator.Send(new FindCommunesByPostcode(postcode), cancellationToken) : [];
        var commune = Communes.Count == 1 ? Communes[0].Code : Communes.FirstOrDefault(c => c.Code == Input.CommuneCode)?.Code;
        var command = new SetProjectPlaceCommand(
            Context.Draft.Id, postcode, commune, Communes.Count, Context.Subject.AsksAmount, (Input.Amount ?? "").Trim());
        if (!await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken))
        {
            return Page();
        }

        await mediator.Send(command, cancellationToken);
        return Redirect($"/ma-demande/{token}/description");
    }

    /// <summary>Null when the page can show; otherwise where to go (404, or the receipt of a request already sent).</summary>
    private async Task<IActionResult?> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var context = await DraftContext.LoadAsync(mediator, token, cancellationToken);
        if (context is null)
        {
            return NotFound();
        }

        Context = context;
        return context.Draft.IsDraft ? null : Redirect(context.ReceiptPath);
    }

    private async Task SearchAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Search) && !Context.Subject.AsksCommune)
        {
            Results = await registry.SearchAsync(Search, cancellationToken);
            if (Results.RegistryUnavailable && Siret.Normalize(Search) is { Length: 14 } typed && string.IsNullOrEmpty(Input.Siret))
            {
                // The registry is down: what was typed is probably the SIRET; offer it as is.
                Input.Siret = typed;
            }
        }
    }
}

internal sealed class ChooseCompanyInput
{
    public string? Siret { get; set; }
    public string? Postcode { get; set; }
    public string? CommuneCode { get; set; }
    public string? Amount { get; set; }
}
