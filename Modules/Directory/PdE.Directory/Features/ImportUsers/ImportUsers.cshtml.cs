using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Csv;
using PdE.Directory.Data;
using PdE.Directory.Features.ImportAntennes;
using PdE.Shared.Web;

namespace PdE.Directory.Features.ImportUsers;

/// <summary>
/// Upload → dry-run preview → apply → invite the new accounts. Between preview and apply the file travels in a hidden
/// field (<see cref="ImportToken"/>); it is parsed and checked again on apply, since the directory may have changed.
/// </summary>
/// <remarks>Request limits as on the antennes import: a file slightly over 10 MB gets the French message, not a bare 413.</remarks>
[RequestFormLimits(MultipartBodyLengthLimit = 2 * CsvUploadValidator.MaxBytes, ValueLengthLimit = (int)(2 * CsvUploadValidator.MaxBytes))]
[RequestSizeLimit(2 * CsvUploadValidator.MaxBytes)]
public sealed class ImportUsersModel(IMediator mediator, IDataProtectionProvider dataProtection) : PageModel
{
    private const string TokenPurpose = "PdE.Directory.ImportUsers.v1";

    /// <summary>At most this many accounts are listed (and offered for invitation) after an apply.</summary>
    internal const int MaxListed = 1000;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, protected.</summary>
    [BindProperty]
    public string? Token { get; set; }

    /// <summary>The accounts to invite, as listed after the apply.</summary>
    [BindProperty]
    public List<Guid> Invite { get; set; } = [];

    public string Slug { get; private set; } = "";
    public string InstitutionName { get; private set; } = "";
    internal UsersImportPreview? Preview { get; private set; }

    /// <summary>Set once the file is applied: the page then shows the result and the accounts to invite.</summary>
    internal UsersImportPreview? Applied { get; private set; }

    [TempData]
    public string? UsersInvited { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var name = await mediator.Send(new FindInstitutionNameQuery(slug), cancellationToken);
        if (name is null)
        {
            return NotFound();
        }

        (Slug, InstitutionName) = (slug, name);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await this.ValidateIntoModelStateAsync(new CsvUpload(Upload?.FileName, Upload?.Length ?? 0), "", cancellationToken, key: nameof(Upload)))
        {
            return await OnGetAsync(slug, cancellationToken);
        }

        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var preview = await mediator.Send(new PreviewUsersImportQuery(slug, content), cancellationToken);
        if (preview is null)
        {
            return NotFound();
        }

        (Slug, InstitutionName, Preview) = (slug, preview.InstitutionName, preview);
        Token = preview.CanApply ? ImportToken.Protect(dataProtection, TokenPurpose, slug, content) : null;
        ModelState.Remove(nameof(Token));
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string slug, CancellationToken cancellationToken)
    {
        var content = ImportToken.Unprotect(dataProtection, TokenPurpose, slug, Token);
        if (content is null)
        {
            ModelState.AddModelError(nameof(Upload), ImportToken.Expired);
            return await OnGetAsync(slug, cancellationToken);
        }

        var result = await mediator.Send(new ApplyUsersImportCommand(slug, content, Actor.From(User)), cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        // Applied: the result and the accounts to invite. Not applied (the directory changed since the preview): what now stands in the way.
        (Slug, InstitutionName, Token) = (slug, result.InstitutionName, null);
        if (result.CanApply)
        {
            Applied = result;
        }
        else
        {
            Preview = result;
        }

        ModelState.Remove(nameof(Token));
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(string slug, CancellationToken cancellationToken)
    {
        var invited = await mediator.Send(new InviteImportedUsersCommand(slug, Invite.Take(MaxListed).ToList(), Actor.From(User)), cancellationToken);
        UsersInvited = invited switch
        {
            0 => "Aucune invitation envoyée : ces personnes ont déjà été invitées.",
            1 => "1 invitation envoyée.",
            _ => $"{invited} invitations envoyées.",
        };
        return RedirectToPage(new { slug });
    }
}
