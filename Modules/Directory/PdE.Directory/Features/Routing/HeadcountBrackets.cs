using PdE.Directory.Contracts;
using PdE.Shared.Text;

namespace PdE.Directory.Features.Routing;

/// <summary>The thresholds an admin may pick for a match filter's headcount criteria, from the INSEE table (<see cref="HeadcountBracket.All"/>).</summary>
internal static class HeadcountBrackets
{
    /// <summary>Values an admin may give "effectif minimum": the lower bound of a bracket (0 would filter nothing).</summary>
    public static IEnumerable<(int Value, string Label)> MinimumChoices() =>
        HeadcountBracket.All.Where(b => b.Min > 0).Select(b => (b.Min, $"Au moins {French.Count(b.Min, "salarié", "salariés")} (tranche {b.Label})"));

    /// <summary>Values an admin may give "effectif maximum": one above the upper bound of a bracket, so that bracket is the last accepted.</summary>
    public static IEnumerable<(int Value, string Label)> MaximumChoices() =>
        HeadcountBracket.All.Where(b => b.Max is not null && b.Code != "NN").Select(b => (b.Max!.Value + 1, $"Au plus {French.Count(b.Max!.Value, "salarié", "salariés")} (jusqu’à la tranche {b.Label})"));

}
