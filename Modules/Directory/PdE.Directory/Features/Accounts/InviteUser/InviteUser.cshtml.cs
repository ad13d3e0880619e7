using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Features.Shared;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.InviteUser;

[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class InviteUserModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public InviteUserInput Input { get; set; } = new();

    public IReadOnlyList<(Guid Id, string Label)> Antennes { get; private set; } = [];

    [TempData]
    public string? InvitedEmail { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAntennesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var command = new InviteUserCommand((Input.FullName ?? "").Trim(), (Input.Email ?? "").Trim(), Input.AntenneId ?? Guid.Empty, Input.IsAdmin,
            Input.IsManager && Input.AntenneId is { } antenne ? [antenne] : [], [], Actor.From(User), Input.CreatePersonalExpert);
        await this.ValidateIntoModelStateAsync(command, nameof(Input), cancellationToken);

        if (ModelState.IsValid)
        {
            var result = await mediator.Send(command, cancellationToken);
            if (result.Error is null)
            {
                InvitedEmail = command.Email;
                return RedirectToPage();
            }

            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Email)}", result.Error);
        }

        await LoadAntennesAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAntennesAsync(CancellationToken cancellationToken) =>
        Antennes = (await mediator.Send(new ListAntennesForInvitationQuery(), cancellationToken)).Select(a => (a.Id, a.Label)).ToList();
}

internal sealed class InviteUserInput
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public Guid? AntenneId { get; set; }
    public bool IsAdmin { get; set; }
    public bool IsManager { get; set; }
    public bool CreatePersonalExpert { get; set; } = true;
}
