using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Matching.Matches;
using PdE.Shared.Web;

namespace PdE.Matching.Features.Satisfaction.ShowSurveyAnswers;

/// <summary>
/// « Avis des entreprises » (the team): the requesters' answers to the satisfaction survey, the comments still to share
/// first; each can be shared with the experts who took the need in charge, or no longer.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class ShowSurveyAnswersModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "onglet")]
    public string? Tab { get; set; }

    // "page" is also Razor Pages' own route value: read from the query string only.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public Guid NeedId { get; set; }

    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal SurveyAnswersPage Result { get; private set; } = null!;

    internal SurveyAnswersTab Current => SurveyAnswersTab.Of(Tab);

    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostShareAsync(CancellationToken cancellationToken) => ShareAsync(true, cancellationToken);

    public Task<IActionResult> OnPostUnshareAsync(CancellationToken cancellationToken) => ShareAsync(false, cancellationToken);

    private async Task<IActionResult> ShareAsync(bool share, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ShareSurveyAnswerCommand(NeedId, share, User.Identity?.Name ?? "Équipe"), cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            return Redirect($"/conseiller/avis?onglet={Current.Slug}");
        }

        Refused = result.Message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Result = await mediator.Send(new ShowSurveyAnswersQuery(Current, PageNumber), cancellationToken);
        SubjectLabels = await Matches.SubjectLabels.LoadAsync(mediator, cancellationToken);
    }
}
