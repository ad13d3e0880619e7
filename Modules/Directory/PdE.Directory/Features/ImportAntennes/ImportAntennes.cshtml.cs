using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;
using PdE.Directory.Csv;
using PdE.Directory.Data;

namespace PdE.Directory.Features.ImportAntennes;

/// <summary>
/// Upload → dry-run preview → apply. Between the two posts the file travels in a hidden field (<see cref="ImportToken"/>),
/// and it is parsed and checked again on apply, since the directory may have changed since the preview.
/// </summary>
/// <remarks>
/// The request limits leave room above the 10 MB of the rule so that a slightly larger file gets the French message
/// rather than a bare 413; the value limit lets the token of a 10 MB file (compressed, still maybe over the default 4 MB) through.
/// </remarks>
[RequestFormLimits(MultipartBodyLengthLimit = 2 * CsvUploadValidator.MaxBytes, ValueLengthLimit = (int)(2 * CsvUploadValidator.MaxBytes))]
[RequestSizeLimit(2 * CsvUploadValidator.MaxBytes)]
public sealed class ImportAntennesModel(IMediator mediator, IDataProtectionProvider dataProtection) : PageModel
{
    private const string TokenPurpose = "PdE.Directory.ImportAntennes.v1";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The previewed file, protected (see the class comment).</summary>
    [BindProperty]
    public string? Token { get; set; }

    public string Slug { get; private set; } = "";
    public string InstitutionName { get; private set; } = "";
    internal AntennesImportPreview? Preview { get; private set; }

    [TempData]
    public string? AntennesImported { get; set; }

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
        var upload = new CsvUpload(Upload?.FileName, Upload?.Length ?? 0);
        await this.ValidateIntoModelStateAsync(upload, "", cancellationToken, key: nameof(Upload));

        if (!ModelState.IsValid)
        {
            return await OnGetAsync(slug, cancellationToken);
        }

        using var buffer = new MemoryStream();
        await Upload!.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var preview = await mediator.Send(new PreviewAntennesImportQuery(slug, content), cancellationToken);
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

        var result = await mediator.Send(new ApplyAntennesImportCommand(slug, content, Actor.From(User)), cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.CanApply)
        {
            // The directory changed since the preview: show what now stands in the way, without an apply button.
            (Slug, InstitutionName, Preview, Token) = (slug, result.InstitutionName, result, null);
            ModelState.Remove(nameof(Token));
            return Page();
        }

        AntennesImported = $"Import appliqué : {Plural(result.Count(AntenneChange.Created), "antenne créée", "antennes créées")}, "
            + $"{Plural(result.Count(AntenneChange.Updated), "mise à jour", "mises à jour")}, {Plural(result.Count(AntenneChange.Unchanged), "inchangée", "inchangées")}.";
        return Redirect($"/admin/annuaire/institutions/{Uri.EscapeDataString(slug)}");
    }

    internal static string Plural(int count, string one, string many) => $"{count} {(count <= 1 ? one : many)}";
}
