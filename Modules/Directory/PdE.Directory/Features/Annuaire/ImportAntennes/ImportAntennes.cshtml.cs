using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ImportAntennes;

/// <summary>The antennes import: see <see cref="CsvImportPageModel"/>; once applied, back to the institution page with a summary.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 2 * CsvUploadValidator.MaxBytes, ValueLengthLimit = (int)(2 * CsvUploadValidator.MaxBytes))]
[RequestSizeLimit(2 * CsvUploadValidator.MaxBytes)]
internal sealed class ImportAntennesModel(IMediator mediator, IDataProtectionProvider dataProtection)
    : CsvImportPageModel(mediator, dataProtection, "PdE.Directory.ImportAntennes.v1")
{
    internal AntennesImportPreview? Preview { get; private set; }

    [TempData]
    public string? AntennesImported { get; set; }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await ReadUploadAsync(cancellationToken) is not { } content)
        {
            return await OnGetAsync(slug, cancellationToken);
        }

        Preview = await Mediator.Send(new PreviewAntennesImportQuery(slug, content), cancellationToken);
        return Preview is null ? NotFound() : ShowPreview(slug, Preview.InstitutionName, Preview.CanApply ? content : null);
    }

    public async Task<IActionResult> OnPostApplyAsync(string slug, CancellationToken cancellationToken)
    {
        if (ReadToken(slug) is not { } content)
        {
            return await OnGetAsync(slug, cancellationToken);
        }

        var result = await Mediator.Send(new ApplyAntennesImportCommand(slug, content, Actor.From(User)), cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.CanApply)
        {
            // The directory changed since the preview: show what now stands in the way, without an apply button.
            Preview = result;
            return ShowPreview(slug, result.InstitutionName, null);
        }

        AntennesImported = $"Import appliqué : {Plural(result.Count(AntenneChange.Created), "antenne créée", "antennes créées")}, "
            + $"{Plural(result.Count(AntenneChange.Updated), "mise à jour", "mises à jour")}, {Plural(result.Count(AntenneChange.Unchanged), "inchangée", "inchangées")}.";
        return Redirect($"/admin/annuaire/institutions/{Uri.EscapeDataString(slug)}");
    }

    internal static string Plural(int count, string one, string many) => $"{count} {(count <= 1 ? one : many)}";
}
