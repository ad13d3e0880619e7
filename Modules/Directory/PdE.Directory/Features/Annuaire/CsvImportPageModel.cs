using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Annuaire;

/// <summary>
/// What the import pages of an institution share: upload → dry-run preview → apply. Between the two posts the file
/// travels in a hidden field (<see cref="ImportToken"/>); it is parsed and checked again on apply, since the directory
/// may have changed since the preview.
/// </summary>
/// <remarks>
/// Each page sets request limits above the 10 MB of the rule (so that a slightly larger file gets the French message rather
/// than a bare 413) and a value limit that lets the token of a 10 MB file (compressed, still maybe over the default 4 MB) through.
/// </remarks>
internal abstract class CsvImportPageModel(IMediator mediator, IDataProtectionProvider dataProtection, string tokenPurpose) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, protected.</summary>
    [BindProperty]
    public string? Token { get; set; }

    public string Slug { get; protected set; } = "";
    public string InstitutionName { get; protected set; } = "";

    protected IMediator Mediator { get; } = mediator;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        var name = await Mediator.Send(new FindInstitutionNameQuery(slug), cancellationToken);
        if (name is null)
        {
            return NotFound();
        }

        (Slug, InstitutionName) = (slug, name);
        return Page();
    }

    /// <returns>The uploaded file, or null with the reason in ModelState (none, empty, too large, not .csv).</returns>
    protected async Task<byte[]?> ReadUploadAsync(CancellationToken cancellationToken)
    {
        if (!await this.ValidateIntoModelStateAsync(new CsvUpload(Upload?.FileName, Upload?.Length ?? 0), "", cancellationToken, key: nameof(Upload)))
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The page for this institution; <paramref name="applicable"/>, when given, is carried to the apply button.</summary>
    protected IActionResult ShowPreview(string slug, string institutionName, byte[]? applicable)
    {
        (Slug, InstitutionName) = (slug, institutionName);
        Token = applicable is null ? null : ImportToken.Protect(dataProtection, tokenPurpose, slug, applicable);
        ModelState.Remove(nameof(Token));
        return Page();
    }

    /// <returns>The previewed file, or null with the French message in ModelState when the token expired or was altered.</returns>
    protected byte[]? ReadToken(string slug)
    {
        var content = ImportToken.Unprotect(dataProtection, tokenPurpose, slug, Token);
        if (content is null)
        {
            ModelState.AddModelError(nameof(Upload), ImportToken.Expired);
        }

        return content;
    }
}
