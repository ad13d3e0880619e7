using System.Security.Claims;
using Mediator;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Matching.Matches;

/// <summary>
/// The signed-in agent looking at matches: the experts they answer for (from Directory) decide what they may see and
/// answer; an antenne manager also sees and answers for the experts of the antennes they follow (their perimeter); an
/// admin may see every need but answers only for their own experts.
/// </summary>
internal sealed record AgentViewer(Guid UserId, string Name, IReadOnlyList<ExpertMembership> Experts, bool IsAdmin)
{
    /// <summary>The antennes the agent follows as a manager, each with its experts; empty for others.</summary>
    public IReadOnlyList<ManagedAntenne> Perimeter { get; init; } = [];

    public Guid[] ExpertIds => Experts.Select(e => e.ExpertId).ToArray();

    public Guid[] PerimeterExpertIds => Perimeter.SelectMany(a => a.ExpertIds).Distinct().ToArray();

    public bool AnswersFor(Guid expertId) => Experts.Any(e => e.ExpertId == expertId);

    /// <summary>Their own experts, or an expert of an antenne they manage (the change is recorded under the manager's name).</summary>
    public bool MayAnswerFor(Guid expertId) => AnswersFor(expertId) || Perimeter.Any(a => a.ExpertIds.Contains(expertId));

    public static async Task<AgentViewer> LoadAsync(IMediator mediator, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var experts = await mediator.Send(new GetExpertsOfUser(userId), cancellationToken);
        var perimeter = user.IsInRole(Roles.AntenneManager) ? await mediator.Send(new GetManagedPerimeter(userId), cancellationToken) : [];
        return new AgentViewer(userId, user.Identity?.Name ?? "Conseiller", experts, user.IsInRole(Roles.Admin)) { Perimeter = perimeter };
    }
}
