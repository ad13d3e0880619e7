using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Accounts.ShowUser;

internal sealed class ShowUserModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public bool IsAdmin { get; set; }

    [BindProperty]
    public List<Guid> ManagedAntenneIds { get; set; } = [];

    [BindProperty]
    public bool ConfirmDeletion { get; set; }

    [TempData]
    public string? Done { get; set; }

    public string? DeletionError { get; private set; }

    public string? RightsError { get; private set; }

    internal UserDetails Details { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid userId, CancellationToken cancellationToken) =>
        await LoadAsync(userId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRightsAsync(Guid userId, CancellationToken cancellationToken)
    {
        switch (await mediator.Send(new SetUserRightsCommand(userId, IsAdmin, ManagedAntenneIds, Actor.From(User)), cancellationToken))
        {
            case AccountChange.NotFound:
                return NotFound();
            case AccountChange.LastAdmin:
                RightsError = LastAdmin.Refusal;
                return await LoadAsync(userId, cancellationToken) ? Page() : NotFound();
        }

        if (userId == SignedInUser.IdOf(User))
        {
            // One's own rights: the new security stamp ends every other session of the account, not this one. The new
            // cookie keeps the sign-in instant, so the session's absolute lifetime is not extended.
            if (await mediator.Send(new ReloadSignedInUserQuery(userId), cancellationToken) is { } me)
            {
                var signedInAt = SignedInUser.SignedInAtOf(User) ?? DateTimeOffset.UnixEpoch;
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, me.ToPrincipal(signedInAt));
            }

            Done = "Vos droits ont été enregistrés. S’ils ont changé, vos autres sessions ont été fermées.";
            return Redirect($"/admin/comptes/{userId}");
        }

        Done = "Les droits ont été enregistrés. S’ils ont changé, les sessions ouvertes de la personne ont été fermées : elle se reconnecte pour les utiliser.";
        return Redirect($"/admin/comptes/{userId}");
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid userId, CancellationToken cancellationToken)
    {
        Done = await mediator.Send(new ResendInvitationCommand(userId, Actor.From(User)), cancellationToken)
            ? "L’invitation a été envoyée : le lien est valable 7 jours."
            : "Ce compte est déjà activé : il n’a pas besoin d’invitation.";
        return Redirect($"/admin/comptes/{userId}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (!ConfirmDeletion)
        {
            DeletionError = "Cochez « Je confirme la suppression » pour supprimer ce compte.";
            return await LoadAsync(userId, cancellationToken) ? Page() : NotFound();
        }

        switch (await mediator.Send(new DeleteUserCommand(userId, Actor.From(User)), cancellationToken))
        {
            case AccountChange.NotFound:
                return NotFound();
            case AccountChange.LastAdmin:
                DeletionError = LastAdmin.Refusal;
                return await LoadAsync(userId, cancellationToken) ? Page() : NotFound();
        }

        TempData["UsersDone"] = "Le compte a été supprimé et ses données personnelles effacées.";
        return Redirect("/admin/comptes");
    }

    private async Task<bool> LoadAsync(Guid userId, CancellationToken cancellationToken)
    {
        var details = await mediator.Send(new ShowUserQuery(userId), cancellationToken);
        Details = details!;
        return details is not null;
    }
}
