using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Matches;
using PdE.Shared.Web;

namespace PdE.Matching.Features.ShowNeed;

/// <summary>One need with the company, the requester, every expert's answer and the history; the agent answers for their own match here.</summary>
[Authorize(Policy = AuthorizationPolicies.Agent)]
internal sealed class ShowNeedModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty]
    public Guid MatchId { get; set; }

    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal AgentViewer Viewer { get; private set; } = null!;

    internal NeedDetails Need { get; private set; } = null!;

    internal string SubjectLabel { get; private set; } = "";

    /// <summary>Now, to tell a waiting match from an expired one (the breadcrumb goes back to its tab).</summary>
    internal DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostTakeAsync(Guid id, CancellationToken cancellationToken) => AnswerAsync(id, MatchAnswer.Take, cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken cancellationToken) => AnswerAsync(id, MatchAnswer.Decline, cancellationToken);

    public Task<IActionResult> OnPostCloseWithHelpAsync(Guid id, CancellationToken cancellationToken) =>
        AnswerAsync(id, MatchAnswer.CloseWithHelp, cancellationToken);

    public Task<IActionResult> OnPostCloseWithoutHelpAsync(Guid id, CancellationToken cancellationToken) =>
        AnswerAsync(id, MatchAnswer.CloseWithoutHelp, cancellationToken);

    public Task<IActionResult> OnPostCloseUnreachableAsync(Guid id, CancellationToken cancellationToken) =>
        AnswerAsync(id, MatchAnswer.CloseUnreachable, cancellationToken);

    public Task<IActionResult> OnPostUndoAsync(Guid id, CancellationToken cancellationToken) => AnswerAsync(id, MatchAnswer.Undo, cancellationToken);

    private async Task<IActionResult> AnswerAsync(Guid id, MatchAnswer answer, CancellationToken cancellationToken)
    {
        var viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        var result = await mediator.Send(new ChangeMatchStatusCommand(id, MatchId, answer, viewer), cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            return Redirect($"/conseiller/besoins/{id}");
        }

        Refused = result.Message;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        if (await mediator.Send(new ShowNeedQuery(id, Viewer), cancellationToken) is not { } need)
        {
            return false;
        }

        Need = need;
        SubjectLabel = (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == need.SubjectSlug)?.Label ?? need.SubjectSlug;
        return true;
    }
}
