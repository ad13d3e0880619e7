using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

/// <summary>The users import (see <see cref="CsvImportPageModel"/>); once applied, the result and the new accounts to invite.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 2 * CsvUploadValidator.MaxBytes, ValueLengthLimit = (int)(2 * CsvUploadValidator.MaxBytes))]
[RequestSizeLimit(2 * CsvUploadValidator.MaxBytes)]
internal sealed class ImportUsersModel(IMediator mediator, IDataProtectionProvider dataProtection)
    : CsvImportPageModel(mediator, dataProtection, "PdE.Directory.ImportUsers.v1")
{
    /// <summary>At most this many accounts are listed (and offered for invitation) after an apply.</summary>
    internal const int MaxListed = 1000;

    /// <summary>The accounts to invite, as listed after the apply.</summary>
    [BindProperty]
    public List<Guid> Invite { get; set; } = [];

    internal UsersImportPreview? Preview { get; private set; }

    /// <summary>Set once the file is applied: the page then shows the result and the accounts to invite.</summary>
    internal UsersImportPreview? Applied { get; private set; }

    [TempData]
    public string? UsersInvited { get; set; }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken cancellationToken)
    {
        if (await ReadUploadAsync(cancellationToken) is not { } content)
        {
            return await OnGetAsync(slug, cancellationToken);
        }

        Preview = await Mediator.Send(new PreviewUsersImportQuery(slug, content), cancellationToken);
        return Preview is null ? NotFound() : ShowPreview(slug, Preview.InstitutionName, Preview.CanApply ? content : null);
    }

    public async Task<IActionResult> OnPostApplyAsync(string slug, CancellationToken cancellationToken)
    {
        if (ReadToken(slug) is not { } content)
        {
            return await OnGetAsync(slug, cancellationToken);
        }

        var result = await Mediator.Send(new ApplyUsersImportCommand(slug, content, Actor.From(User)), cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        // Applied: the result and the accounts to invite. Not applied (the directory changed since the preview): what now stands in the way.
        Applied = result.CanApply ? result : null;
        Preview = result.CanApply ? null : result;
        return ShowPreview(slug, result.InstitutionName, null);
    }

    public async Task<IActionResult> OnPostInviteAsync(string slug, CancellationToken cancellationToken)
    {
        var invited = await Mediator.Send(new InviteImportedUsersCommand(slug, Invite.Take(MaxListed).ToList(), Actor.From(User)), cancellationToken);
        UsersInvited = invited switch
        {
            0 => "Aucune invitation envoyée : ces personnes ont déjà été invitées.",
            1 => "1 invitation envoyée.",
            _ => $"{invited} invitations envoyées.",
        };
        return RedirectToPage(new { slug });
    }
}
