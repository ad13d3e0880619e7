using System.IO.Compression;
using System.Security.Cryptography;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;
using PdE.Directory.Data;

namespace PdE.Directory.Features.ImportAntennes;

/// <summary>
/// Upload → dry-run preview → apply. Between the two posts the file travels in a hidden field, compressed and
/// protected by ASP.NET Core data protection (encrypted and authenticated, bound to this institution, valid 2 hours):
/// the admin cannot alter it without the apply refusing it, nothing is kept on the server, and the file is parsed
/// and checked again on apply, since the directory may have changed since the preview.
/// </summary>
/// <remarks>
/// The request limits leave room above the 10 MB of the rule so that a slightly larger file gets the French message
/// rather than a bare 413; the value limit lets the token of a 10 MB file (compressed, still maybe over the default 4 MB) through.
/// </remarks>
[RequestFormLimits(MultipartBodyLengthLimit = 2 * AntennesUploadValidator.MaxBytes, ValueLengthLimit = (int)(2 * AntennesUploadValidator.MaxBytes))]
[RequestSizeLimit(2 * AntennesUploadValidator.MaxBytes)]
public sealed class ImportAntennesModel(IMediator mediator, IDataProtectionProvider dataProtection) : PageModel
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(2);

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
        var upload = new AntennesUpload(Upload?.FileName, Upload?.Length ?? 0);
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
        Token = preview.CanApply ? ProtectToken(content, slug) : null;
        ModelState.Remove(nameof(Token));
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string slug, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = Decompress(Protector(slug).Unprotect(Convert.FromBase64String(Token ?? "")));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or InvalidDataException)
        {
            ModelState.AddModelError(nameof(Upload), "Cet aperçu a expiré ou a été modifié : importez le fichier de nouveau.");
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

    private ITimeLimitedDataProtector Protector(string slug) =>
        dataProtection.CreateProtector("PdE.Directory.ImportAntennes.v1", slug).ToTimeLimitedDataProtector();

    private string ProtectToken(byte[] content, string slug) =>
        Convert.ToBase64String(Protector(slug).Protect(Compress(content), TokenLifetime));

    private static byte[] Compress(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
