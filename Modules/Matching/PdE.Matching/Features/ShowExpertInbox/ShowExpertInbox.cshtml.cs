using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Matches;
using PdE.Shared.Web;
using PdE.Shared.Text;

namespace PdE.Matching.Features.ShowExpertInbox;

/// <summary>
/// "Besoins reçus": the needs sent to the experts the agent answers for, by tab, with counts, searched and filtered by
/// subject and date of receipt, 25 a page; in the reception, tick several and decline them at once with one reason.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Agent)]
internal sealed class ShowExpertInboxModel(IMediator mediator) : PageModel
{
    /// <summary>"antennes": the manager's view, the needs sent to the experts of the antennes they follow (same tabs and filters).</summary>
    [FromRoute(Name = "vue")]
    public string? View { get; set; }

    internal bool IsPerimeter => View == "antennes";

    internal string BasePath => IsPerimeter ? "/conseiller/besoins/antennes" : "/conseiller/besoins";

    /// <summary>In the manager's view, one of their antennes only; an antenne outside their perimeter is ignored.</summary>
    [BindProperty(SupportsGet = true, Name = "antenne")]
    public Guid? Antenne { get; set; }

    [BindProperty(SupportsGet = true, Name = "onglet")]
    public string? TabSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "sujet")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    // "page" is also Razor Pages' own route value (the page's name), which [BindProperty] would read before the query string:
    // the number is read from the query string (a link) or from the form (the hidden field of a refusal) only.
    [FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    [FromForm(Name = "page")]
    public int? PostedPageNumber { get; set; }

    /// <summary>« Page suivante »: the page after this need (<see cref="InboxCursor"/>).</summary>
    [FromQuery(Name = "apres")]
    public string? After { get; set; }

    /// <summary>« Page précédente »: the page before this need.</summary>
    [FromQuery(Name = "avant")]
    public string? Before { get; set; }

    /// <summary>The agent's matches of the needs ticked for a refusal.</summary>
    [BindProperty]
    public List<Guid> MatchIds { get; set; } = [];

    [BindProperty]
    public string? DeclineReason { get; set; }

    [TempData]
    public string? Done { get; set; }

    /// <summary>Set when the refusal was refused: the page comes back with the needs still ticked and the reason typed.</summary>
    public string? Refused { get; private set; }

    internal InboxTab Tab => InboxTab.Of(TabSlug);

    private int CurrentPage => PostedPageNumber ?? PageNumber;

    internal AgentViewer Viewer { get; private set; } = null!;

    internal ExpertInbox Inbox { get; private set; } = null!;

    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    internal IReadOnlyDictionary<string, CommuneName> CommuneNames { get; private set; } = new Dictionary<string, CommuneName>();

    /// <summary>The subject filter's choices: the subjects of the tab's needs with their count, by label; the chosen one always there.</summary>
    internal IReadOnlyList<(string Slug, string Label, int Count)> SubjectChoices { get; private set; } = [];

    internal bool Filtered => !string.IsNullOrWhiteSpace(Search) || !string.IsNullOrWhiteSpace(Subject) || From is not null || To is not null
        || (IsPerimeter && Antenne is not null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // Only antenne managers have a perimeter; for anyone else the address does not exist.
        return IsPerimeter && Viewer.Perimeter.Count == 0 ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostDeclineAsync(CancellationToken cancellationToken)
    {
        var viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        if (IsPerimeter && viewer.Perimeter.Count == 0)
        {
            // As for the page itself: for anyone but an antenne manager the address does not exist.
            return NotFound();
        }

        var result = await mediator.Send(new DeclineMatchesCommand(MatchIds, DeclineReason, viewer), cancellationToken);
        if (result.Succeeded)
        {
            Done = result.Message;
            return Redirect($"{BasePath}?{FilterQuery(page: CurrentPage)}");
        }

        Refused = result.Message;
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The current tab and filters as a query string, for links and redirects.</summary>
    internal string FilterQuery(string? tab = null, int? page = null) => QueryString.Create(FilterFields(page, tab)).ToString().TrimStart('?');

    /// <summary>The current tab and filters as name/value pairs (the blank ones left out).</summary>
    internal IEnumerable<KeyValuePair<string, string?>> FilterFields(int? page = null, string? tab = null) => new Dictionary<string, string?>
    {
        ["onglet"] = tab ?? Tab.Slug,
        ["q"] = Search?.Trim(),
        ["sujet"] = Subject,
        ["du"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["au"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["antenne"] = IsPerimeter ? Antenne?.ToString() : null,
        ["page"] = page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null,
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value));

    /// <summary>
    /// The pagination bar: « Page précédente » and « Page suivante » lead to the page before the first need shown and after the
    /// last (keyset links: nothing repeated or skipped when needs come or go between two pages), or to the first page itself;
    /// the numbers, to a page by its rank.
    /// </summary>
    internal DsfrPagination Pagination => new(Inbox.Page, Inbox.PageCount, FilterQuery(),
        Inbox.Needs.Count == 0 ? null : Inbox.Page <= 2 ? FilterQuery() : CursorQuery("avant", Inbox.Needs[0].Cursor, Inbox.Page - 1),
        Inbox.Needs.Count == 0 ? null : CursorQuery("apres", Inbox.Needs[^1].Cursor, Inbox.Page + 1))
    {
        HasPrevious = Inbox.HasPrevious,
        HasNext = Inbox.HasNext,
    };

    private string CursorQuery(string name, InboxCursor cursor, int page) =>
        QueryString.Create(FilterFields(page).Append(new(name, cursor.ToString()))).ToString().TrimStart('?');

    /// <summary>"Nantes (44)": the commune and its département's code, which agents read at a glance.</summary>
    internal string? PlaceOf(InboxNeed need) =>
        need.CommuneCode is { } code && CommuneNames.TryGetValue(code, out var commune) ? French.Commune(commune.Name, commune.Postcode) : null;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        var experts = !IsPerimeter ? Viewer.ExpertIds
            : Viewer.Perimeter.FirstOrDefault(a => a.AntenneId == Antenne) is { } chosen ? [.. chosen.ExpertIds] : Viewer.PerimeterExpertIds;
        // A refusal's redirect comes back to the page by its number: the needs refused have left it.
        var (after, before) = PostedPageNumber is null ? (InboxCursor.Parse(After), InboxCursor.Parse(Before)) : (null, null);
        Inbox = await mediator.Send(
            new ShowExpertInboxQuery(experts, Tab, CurrentPage, new InboxFilter(Search, Subject, From, To), after, before), cancellationToken);
        SubjectLabels = (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects).ToDictionary(s => s.Slug, s => s.Label);
        CommuneNames = await mediator.Send(new GetCommuneNames(Inbox.Needs.Select(n => n.CommuneCode).OfType<string>().ToHashSet()), cancellationToken);

        var choices = Inbox.Subjects.Select(s => (s.Slug, Label: SubjectLabels.GetValueOrDefault(s.Slug, s.Slug), s.Count)).ToList();
        if (!string.IsNullOrWhiteSpace(Subject) && choices.All(c => c.Slug != Subject))
        {
            choices.Add((Subject, SubjectLabels.GetValueOrDefault(Subject, Subject), 0));
        }

        SubjectChoices = choices.OrderBy(c => c.Label, StringComparer.Create(French.Culture, CompareOptions.IgnoreCase)).ToList();
    }
}
