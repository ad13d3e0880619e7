using Mediator;
using Microsoft.AspNetCore.Authorization;
using PdE.Shared.Web;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.AgentStats.ShowTeamStats;

/// <summary><c>/conseiller/statistiques/equipe</c>: the team's view of every institution's answers, with every filter.</summary>
[Authorize(Policy = AuthorizationPolicies.Admin)]
internal sealed class ShowTeamStatsModel(IMediator mediator, TimeProvider clock) : AgentStatsPage(mediator, clock)
{
    internal override string Path => "/conseiller/statistiques/equipe";

    protected override (Guid? AntenneId, IReadOnlyList<Guid>? ExpertIds) Scope() => (null, null);

    protected override StatsTable Breakdown() =>
        BreakdownTable("par-institution", "Mises en relation de la période par institution", "Institution", Stats.ByInstitution,
            id => Institutions.FirstOrDefault(i => i.Id == id)?.Name, "Institution inconnue (mises en relation anciennes)");
}
