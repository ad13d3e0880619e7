using System.Security.Claims;
using Mediator;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Matching.Matches;

/// <summary>
/// The signed-in agent looking at matches: the experts they answer for (from Directory) decide what they may see and
/// answer; an admin may see every need but answers only for their own experts.
/// </summary>
internal sealed record AgentViewer(Guid UserId, string Name, IReadOnlyList<ExpertMembership> Experts, bool IsAdmin)
{
    public Guid[] ExpertIds => Experts.Select(e => e.ExpertId).ToArray();

    public bool AnswersFor(Guid expertId) => Experts.Any(e => e.ExpertId == expertId);

    public static async Task<AgentViewer> LoadAsync(IMediator mediator, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var experts = await mediator.Send(new GetExpertsOfUser(userId), cancellationToken);
        return new AgentViewer(userId, user.Identity?.Name ?? "Conseiller", experts, user.IsInRole(Roles.Admin));
    }
}
