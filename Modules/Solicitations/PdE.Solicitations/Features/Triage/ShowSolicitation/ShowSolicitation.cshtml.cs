using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;
using PdE.Solicitations.Features.Triage.TriageSolicitations;

namespace PdE.Solicitations.Features.Triage.ShowSolicitation;

/// <summary>One request of the desk with its timeline, and the actions on it alone (subject, comments, tags, validate, cancel, release).</summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class ShowSolicitationModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public string? Subject { get; set; }

    [BindProperty]
    public string? ReplyKey { get; set; }

    [BindProperty]
    public string? Tag { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    /// <summary>A pre-written comment: inserted into <see cref="Comment"/> by the page's script, or taken as the comment when none was typed.</summary>
    [BindProperty]
    public string? CommentTemplate { get; set; }

    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal SolicitationCard Card { get; private set; } = null!;

    internal TriageCatalogue Catalogue { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostValidateAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new ValidateSolicitationsCommand(Selection(id)), cancellationToken);

    /// <summary>Validates without sending: the team goes on to the routing page to choose the experts.</summary>
    public async Task<IActionResult> OnPostValidateAndSteerAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new ValidateSolicitationsCommand(Selection(id), SendAtOnce: false), cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            return Redirect($"/conseiller/sollicitations/{id}/orientation");
        }

        Refused = result.Message;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new CancelSolicitationsCommand(Selection(id), ReplyKey), cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new ReleaseSolicitationsCommand(Selection(id)), cancellationToken);

    public Task<IActionResult> OnPostTagAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new TagSolicitationsCommand(Selection(id), Tag), cancellationToken);

    public Task<IActionResult> OnPostUntagAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new TagSolicitationsCommand(Selection(id), Tag, Remove: true), cancellationToken);

    public Task<IActionResult> OnPostCommentAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new CommentSolicitationCommand(
            id, string.IsNullOrWhiteSpace(Comment) ? CommentTemplates.Find(CommentTemplate)?.Text : Comment, Actor), cancellationToken);

    public async Task<IActionResult> OnPostSubjectAsync(Guid id, CancellationToken cancellationToken)
    {
        var catalogue = await TriageCatalogue.LoadAsync(mediator, cancellationToken);
        var slugs = catalogue.Themes.SelectMany(t => t.Subjects).Select(s => s.Slug).ToHashSet();
        return await ApplyAsync(id, new ChangeSubjectCommand(id, Subject, slugs, Actor), cancellationToken);
    }

    private string Actor => User.Identity?.Name ?? "Équipe";

    private TriageSelection Selection(Guid id) => new([id], Actor);

    private async Task<IActionResult> ApplyAsync(Guid id, ICommand<TriageResult> command, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            return Redirect($"/conseiller/sollicitations/{id}");
        }

        Refused = result.Message;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Catalogue = await TriageCatalogue.LoadAsync(mediator, cancellationToken);
        var found = await mediator.Send(new ListSolicitationsQuery("received", new TriageFilter(), 1, id), cancellationToken);
        if (found.Cards.Count == 0)
        {
            return false;
        }

        Card = found.Cards[0];
        Catalogue = await Catalogue.WithNamesOfAsync(mediator, [Card], cancellationToken);
        return true;
    }
}
