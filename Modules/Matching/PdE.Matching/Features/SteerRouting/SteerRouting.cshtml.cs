using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Matches;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Matching.Features.SteerRouting;

/// <summary>
/// The routing page of a validated request: for each need, the experts routing proposes (drafts, each with why) or the
/// ones it was sent to (with their answer), the experts routing left out and why; the team unticks, adds any expert, adds
/// a need with another subject, sends, follows a need, and sets a sent match's status by hand.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class SteerRoutingModel(IMediator mediator) : PageModel
{
    public const int SearchLimit = 20;

    /// <summary>The search for an expert to add, and the need it is for.</summary>
    [FromQuery(Name = "q")]
    public string? Search { get; set; }

    [FromQuery(Name = "besoin")]
    public Guid? SearchNeedId { get; set; }

    /// <summary>The drafts ticked for sending (the checkboxes of the « Transmettre » form).</summary>
    [BindProperty]
    public List<Guid> Ticked { get; set; } = [];

    /// <summary>The drafts the team unticked before another form reloaded the page (sent along by keep-unticks.js, kept by redirects).</summary>
    [BindProperty(SupportsGet = true, Name = "decoches")]
    public List<Guid> Unticked { get; set; } = [];

    [BindProperty]
    public Guid NeedId { get; set; }

    [BindProperty]
    public Guid ExpertId { get; set; }

    [BindProperty]
    public Guid MatchId { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? Subject { get; set; }

    [TempData]
    public string? Done { get; set; }

    public string? Refused { get; private set; }

    internal Guid SolicitationId { get; private set; }

    internal RequestRouting Routing { get; private set; } = null!;

    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    internal IReadOnlyList<PublicTheme> Catalogue { get; private set; } = [];

    internal string? Place { get; private set; }

    /// <summary>The experts found by <see cref="Search"/>, for the need <see cref="SearchNeedId"/>; null when nothing was searched.</summary>
    internal IReadOnlyList<FoundExpert>? Found { get; private set; }

    /// <summary>A refused « Transmettre » keeps the team's ticks; otherwise every draft is ticked but those the team unticked.</summary>
    internal bool IsTicked(Guid matchId) => ticksPosted && Refused is not null ? Ticked.Contains(matchId) : !Unticked.Contains(matchId);

    private bool ticksPosted;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await LoadAsync(id, cancellationToken);
        if (Routing.Needs.Count == 0)
        {
            // The page reloads itself until the proposal is ready: the desk's message must survive until then.
            TempData.Keep(nameof(Done));
        }

        return Page();
    }

    public Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken cancellationToken)
    {
        ticksPosted = true;
        Unticked = [];
        return ApplyAsync(id, new SendDraftsCommand(id, Ticked, Actor), cancellationToken);
    }

    public Task<IActionResult> OnPostAddExpertAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new AddExpertToNeedCommand(id, NeedId, ExpertId, Actor), cancellationToken, $"besoin-{NeedId}");

    public Task<IActionResult> OnPostAddNeedAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new AddNeedCommand(id, Subject, Actor), cancellationToken);

    public Task<IActionResult> OnPostFollowAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new FollowNeedCommand(id, NeedId, UserId, Follow: true), cancellationToken, $"besoin-{NeedId}");

    public Task<IActionResult> OnPostUnfollowAsync(Guid id, CancellationToken cancellationToken) =>
        ApplyAsync(id, new FollowNeedCommand(id, NeedId, UserId, Follow: false), cancellationToken, $"besoin-{NeedId}");

    public async Task<IActionResult> OnPostSetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        // The need must be one of this request's: an id from another request's page is refused like an unknown one.
        await LoadAsync(id, cancellationToken);
        if (Routing.Needs.All(n => n.Need.Id != NeedId))
        {
            Refused = "Ce besoin n’appartient pas à cette demande : rechargez la page.";
            return Page();
        }

        var viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        var result = await mediator.Send(new SetMatchStatusCommand(NeedId, MatchId, Status, viewer), cancellationToken);
        return await OutcomeAsync(id, result.Succeeded, result.Message, $"besoin-{NeedId}", cancellationToken);
    }

    private string Actor => User.Identity?.Name ?? "Équipe";

    private Guid UserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private async Task<IActionResult> ApplyAsync(Guid id, ICommand<RoutingResult> command, CancellationToken cancellationToken, string? anchor = null)
    {
        var result = await mediator.Send(command, cancellationToken);
        return await OutcomeAsync(id, result.Succeeded, result.Message, anchor, cancellationToken);
    }

    private async Task<IActionResult> OutcomeAsync(Guid id, bool succeeded, string message, string? anchor, CancellationToken cancellationToken)
    {
        if (succeeded)
        {
            Done = message;
            var unticked = QueryString.Create(Unticked.Distinct().Select(u => new KeyValuePair<string, string?>("decoches", u.ToString())));
            return Redirect($"/conseiller/sollicitations/{id}/orientation{unticked}{(anchor is null ? "" : "#" + anchor)}");
        }

        Refused = message;
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        SolicitationId = id;
        Routing = await mediator.Send(new ShowRoutingQuery(id, UserId), cancellationToken);
        Catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        SubjectLabels = Catalogue.SelectMany(t => t.Subjects).ToDictionary(s => s.Slug, s => s.Label);
        if (Routing.Needs.FirstOrDefault()?.Need.CommuneCode is { } code)
        {
            var communes = await mediator.Send(new GetCommuneNames([code]), cancellationToken);
            Place = communes.TryGetValue(code, out var commune) ? French.Commune(commune.Name, commune.Postcode) : $"commune {code}";
        }

        if (!string.IsNullOrWhiteSpace(Search) && Routing.Needs.Any(n => n.Need.Id == SearchNeedId))
        {
            Found = await mediator.Send(new SearchExperts(Search, SearchLimit), cancellationToken);
        }
    }

    internal string LabelOf(string slug) => SubjectLabels.GetValueOrDefault(slug, slug);
}
