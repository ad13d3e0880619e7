using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using PdE.Directory.Contracts;
using PdE.Shared.Web;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.AgentStats.ShowManagerStats;

/// <summary>
/// <c>/conseiller/statistiques</c>: an antenne manager's figures, over the antennes they follow (a regional manager's
/// local antennes included), all together or one at a time. Not found for an account that manages no antenne.
/// </summary>
internal sealed class ShowManagerStatsModel(IMediator mediator, TimeProvider clock) : AgentStatsPage(mediator, clock)
{
    [BindProperty(SupportsGet = true, Name = "antenne")]
    public string? Antenne { get; set; }

    private IReadOnlyList<ManagedAntenne> perimeter = [];

    internal override string Path => "/conseiller/statistiques";

    internal override bool FiltersInstitution => false;

    internal override IReadOnlyList<(string Value, string Label)> AntenneChoices =>
        perimeter.Count < 2 ? [] : [("", $"Tout mon périmètre ({perimeter.Count} antennes)"), .. perimeter.Select(a => (a.AntenneId.ToString(), a.Name))];

    internal override string? SelectedAntenne => Chosen()?.AntenneId.ToString() ?? "";

    /// <summary>The antennes the figures cover, as the page names them.</summary>
    internal string PerimeterName => Chosen()?.Name ?? string.Join(", ", perimeter.Select(a => a.Name));

    protected override string? PerimeterWords => PerimeterName;

    protected override IEnumerable<(string Name, string? Value)> ExtraQuery() => [("antenne", Chosen()?.AntenneId.ToString())];

    protected override async Task<IActionResult?> RefuseAsync(CancellationToken cancellationToken)
    {
        if (User.IsInRole(Roles.AntenneManager))
        {
            perimeter = await Mediator.Send(new GetManagedPerimeter(Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!)), cancellationToken);
        }

        return perimeter.Count == 0 ? NotFound() : null;
    }

    /// <summary>Every expert the antenne (or the whole perimeter) has or had: a deleted expert's matches still count.</summary>
    protected override (Guid? AntenneId, IReadOnlyList<Guid>? ExpertIds) Scope() =>
        (null, [.. (Chosen() is { } one ? [one] : perimeter).SelectMany(a => a.ExpertIds).Distinct()]);

    protected override StatsTable Breakdown() =>
        BreakdownTable("par-antenne", "Mises en relation de la période par antenne", "Antenne", Stats.ByAntenne,
            id => perimeter.FirstOrDefault(a => a.AntenneId == id)?.Name, "Antenne inconnue (mises en relation anciennes)");

    /// <summary>The antenne asked for, if it is one of the perimeter's; null: the whole perimeter.</summary>
    private ManagedAntenne? Chosen() => perimeter.FirstOrDefault(a => a.AntenneId.ToString() == Antenne?.Trim());
}
