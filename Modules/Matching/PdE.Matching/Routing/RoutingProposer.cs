using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Matching.Routing;

/// <summary>
/// Asks Directory for a need's candidates and lets <see cref="RoutingEngine"/> choose among them; asks for the support
/// subject's experts only when nobody else is proposed. The desk's preview, the routing of a validated request and the
/// routing page all go through here, so they agree.
/// </summary>
internal sealed class RoutingProposer(IMediator mediator)
{
    public async ValueTask<RoutingProposal> ProposeAsync(RoutingNeed need, CancellationToken cancellationToken)
    {
        var candidates = await mediator.Send(new FindRoutingCandidates(need.SubjectSlug, need.CommuneCode), cancellationToken);
        var proposal = RoutingEngine.Propose(need, candidates);
        if (proposal.Proposed.Count > 0)
        {
            return proposal;
        }

        var support = await mediator.Send(new FindSupportExperts(need.CommuneCode), cancellationToken);
        return RoutingEngine.Propose(need, candidates, support);
    }
}
