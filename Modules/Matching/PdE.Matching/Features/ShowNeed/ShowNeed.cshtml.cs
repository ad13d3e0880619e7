using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.SteerRouting;
using PdE.Matching.Features.PostNeedComment;
using PdE.Matching.Features.Satisfaction;
using PdE.Matching.Matches;
using PdE.Shared.Web;

namespace PdE.Matching.Features.ShowNeed;

/// <summary>
/// One need with the company, the requester, every expert's answer, the timeline with the discussion, and the company's
/// other needs; the agent answers for their own match here, and everyone who sees the need may write on its discussion.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Agent)]
internal sealed class ShowNeedModel(IMediator mediator, TimeProvider clock) : PageModel
{
    [BindProperty]
    public Guid MatchId { get; set; }

    /// <summary>The optional comment given with an answer (asked when closing), kept in the match's history.</summary>
    [BindProperty]
    public string? AnswerComment { get; set; }

    /// <summary>A message for the need's discussion.</summary>
    [BindProperty]
    public string? CommentText { get; set; }

    /// <summary>Why the message was refused (blank, too long): shown under the field, which keeps what was typed.</summary>
    public string? CommentError { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal AgentViewer Viewer { get; private set; } = null!;

    internal NeedDetails Need { get; private set; } = null!;

    internal string SubjectLabel { get; private set; } = "";

    /// <summary>Subject labels by slug, for the company's other needs.</summary>
    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

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

    public Task<IActionResult> OnPostFollowAsync(Guid id, CancellationToken cancellationToken) => FollowAsync(id, follow: true, cancellationToken);

    public Task<IActionResult> OnPostUnfollowAsync(Guid id, CancellationToken cancellationToken) => FollowAsync(id, follow: false, cancellationToken);

    /// <summary>« Suivre ce besoin »: the team's list of needs to watch; not an agent's (the address does not exist for them).</summary>
    private async Task<IActionResult> FollowAsync(Guid id, bool follow, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Roles.Admin))
        {
            return NotFound();
        }

        var viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        if (await mediator.Send(new ShowNeedQuery(id, viewer), cancellationToken) is not { } need)
        {
            return NotFound();
        }

        var result = await mediator.Send(new FollowNeedCommand(need.SolicitationId, id, viewer.UserId, follow), cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }

        Done = result.Message;
        return Redirect($"/conseiller/besoins/{id}");
    }

    public Task<IActionResult> OnPostShareSatisfactionAsync(Guid id, CancellationToken cancellationToken) => ShareSatisfactionAsync(id, share: true, cancellationToken);

    public Task<IActionResult> OnPostUnshareSatisfactionAsync(Guid id, CancellationToken cancellationToken) => ShareSatisfactionAsync(id, share: false, cancellationToken);

    /// <summary>The team shares the requester's answer with the experts who took the need in charge; not an agent's to do.</summary>
    private async Task<IActionResult> ShareSatisfactionAsync(Guid id, bool share, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(Roles.Admin))
        {
            return NotFound();
        }

        var result = await mediator.Send(new ShareSurveyAnswerCommand(id, share, User.Identity?.Name ?? "Équipe"), cancellationToken);
        if (!result.Succeeded)
        {
            Refused = result.Message;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        Done = result.Message;
        return Redirect($"/conseiller/besoins/{id}#avis-entreprise");
    }

    public async Task<IActionResult> OnPostCommentAsync(Guid id, CancellationToken cancellationToken)
    {
        var viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        var result = await mediator.Send(new PostNeedCommentCommand(id, CommentText, viewer), cancellationToken);
        switch (result.Outcome)
        {
            case PostNeedCommentOutcome.Posted:
                Done = result.Message;
                return Redirect($"/conseiller/besoins/{id}#discussion");
            case PostNeedCommentOutcome.NotFound:
                return NotFound();
            default:
                CommentError = result.Message;
                return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<IActionResult> AnswerAsync(Guid id, MatchAnswer answer, CancellationToken cancellationToken)
    {
        var viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        var result = await mediator.Send(new ChangeMatchStatusCommand(id, MatchId, answer, viewer,
            answer is MatchAnswer.CloseWithHelp or MatchAnswer.CloseWithoutHelp or MatchAnswer.CloseUnreachable ? AnswerComment : null), cancellationToken);
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
        SubjectLabels = await Matches.SubjectLabels.LoadAsync(mediator, cancellationToken);
        SubjectLabel = SubjectLabelOf(need.SubjectSlug);
        return true;
    }

    internal string SubjectLabelOf(string slug) => SubjectLabels.GetValueOrDefault(slug, slug);
}
