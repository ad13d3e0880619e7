using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Matching.Features.ShowFollowedNeeds;

/// <summary>« Suivis »: the needs a team member starred on the routing page, with where each stands.</summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class ShowFollowedNeedsModel(IMediator mediator) : PageModel
{
    internal IReadOnlyList<FollowedNeed> Needs { get; private set; } = [];

    internal IReadOnlyDictionary<string, string> SubjectLabels { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Needs = await mediator.Send(new ShowFollowedNeedsQuery(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!)), cancellationToken);
        SubjectLabels = (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects).ToDictionary(s => s.Slug, s => s.Label);
    }
}
