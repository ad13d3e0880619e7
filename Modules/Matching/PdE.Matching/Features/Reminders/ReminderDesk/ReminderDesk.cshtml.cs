using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Matching.Features.Reminders.ReminderDesk;

/// <summary>
/// « Relances » (the team): the needs waiting for their experts by how long (J+9, J+21, J+45), and the experts with several
/// needs waiting; for the ticked rows, a reminder e-mail, a phone call noted, or « traité ».
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class ReminderDeskModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "corbeille")]
    public string? Basket { get; set; }

    // "page" is also Razor Pages' own route value: read from the query string only.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public List<Guid> Ids { get; set; } = [];

    [BindProperty]
    public string? Note { get; set; }

    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal ReminderBasketPage Result { get; private set; } = null!;

    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostEmailAsync(CancellationToken cancellationToken) => RecordAsync(ReminderAction.Email, cancellationToken);

    public Task<IActionResult> OnPostCallAsync(CancellationToken cancellationToken) => RecordAsync(ReminderAction.Call, cancellationToken);

    public Task<IActionResult> OnPostProcessedAsync(CancellationToken cancellationToken) => RecordAsync(ReminderAction.Processed, cancellationToken);

    private async Task<IActionResult> RecordAsync(ReminderAction action, CancellationToken cancellationToken)
    {
        var basket = ReminderBaskets.Of(Basket);
        var result = await mediator.Send(new RecordRemindersCommand(basket.Slug, action, Ids, Note,
            Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), User.Identity?.Name ?? "Équipe"), cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            return Redirect($"/conseiller/relances?corbeille={basket.Slug}");
        }

        Refused = result.Message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Result = await mediator.Send(new ShowReminderBasketQuery(Basket, PageNumber), cancellationToken);
        SubjectLabels = await Matches.SubjectLabels.LoadAsync(mediator, cancellationToken);
    }

    /// <summary>The row's last action in a few words: « Relancé par e-mail le 3 décembre 2026 (Marie Admin) ».</summary>
    internal static string Describe(LastReminder last) => last.Action switch
    {
        "email" => $"Relancé par e-mail le {PdE.Shared.Text.French.Date(last.OccurredAt)} ({last.ActorName})",
        "call" => $"Appelé le {PdE.Shared.Text.French.Date(last.OccurredAt)} ({last.ActorName}) : {last.Note}",
        _ => $"Marqué traité le {PdE.Shared.Text.French.Date(last.OccurredAt)} ({last.ActorName})",
    };
}
