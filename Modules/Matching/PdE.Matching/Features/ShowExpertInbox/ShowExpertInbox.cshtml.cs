using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Matching.Matches;
using PdE.Shared.Web;

namespace PdE.Matching.Features.ShowExpertInbox;

/// <summary>"Besoins reçus": the needs sent to the experts the agent answers for, by tab, with counts.</summary>
[Authorize(Policy = AuthorizationPolicies.Agent)]
internal sealed class ShowExpertInboxModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "onglet")]
    public string? TabSlug { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    internal InboxTab Tab => InboxTab.Of(TabSlug);

    internal AgentViewer Viewer { get; private set; } = null!;

    internal ExpertInbox Inbox { get; private set; } = null!;

    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    internal IReadOnlyDictionary<string, CommuneName> CommuneNames { get; private set; } = new Dictionary<string, CommuneName>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Viewer = await AgentViewer.LoadAsync(mediator, User, cancellationToken);
        Inbox = await mediator.Send(new ShowExpertInboxQuery(Viewer.ExpertIds, Tab, PageNumber), cancellationToken);
        SubjectLabels = (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects).ToDictionary(s => s.Slug, s => s.Label);
        CommuneNames = await mediator.Send(new GetCommuneNames(Inbox.Needs.Select(n => n.CommuneCode).OfType<string>().ToHashSet()), cancellationToken);
    }

    /// <summary>"Nantes (44)": the commune and its département's code, which agents read at a glance.</summary>
    internal string? PlaceOf(InboxNeed need) =>
        need.CommuneCode is { } code && CommuneNames.TryGetValue(code, out var commune) ? $"{commune.Name} ({commune.DepartementCode})" : null;
}
