using Mediator;
using PdE.Shared.Text;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.AgentStats;

/// <summary>
/// The team's and the managers' statistics (the original's « matches » and « needs » charts): the matches sent in the
/// period and what their experts answered, the needs and their status now, with the shares over the period. The last six
/// months unless another period is asked.
/// </summary>
internal abstract class AgentStatsPage(IMediator mediator, TimeProvider clock) : StatsFilterPage(mediator, clock)
{
    private static readonly string[] StatusColumns =
        ["Envoyés", "Positionnés", "En cours", "Clôturés avec aide", "Clôturés sans aide", "Injoignables", "Refusés"];

    internal AgentStats Stats { get; private set; } = AgentStats.Empty;

    protected override int? DefaultMonths => 6;

    /// <summary>The antenne or experts the page is narrowed to (a manager's perimeter); null: every match.</summary>
    protected abstract (Guid? AntenneId, IReadOnlyList<Guid>? ExpertIds) Scope();

    protected override async Task LoadAsync(ShowPublicStats.StatsFilter filter, CancellationToken cancellationToken)
    {
        var (antenneId, expertIds) = Scope();
        Stats = await Mediator.Send(new GetAgentStats(filter, antenneId, expertIds), cancellationToken);
    }

    internal override IReadOnlyList<StatsTable> Tables() =>
    [
        new("mises-en-relation", "Mises en relation par mois d’envoi du besoin, selon la réponse du conseiller", "Mois", StatusColumns,
            [.. Stats.Matches.Select(Row)], Chronological: true, Empty: "Aucune mise en relation sur cette période."),
        new("besoins", "Besoins par mois d’envoi, selon leur état aujourd’hui", "Mois", StatusColumns,
            [.. Stats.Needs.Select(Row)], Chronological: true, Empty: "Aucun besoin sur cette période."),
        Breakdown(),
    ];

    /// <summary>The period's matches by institution (the team) or by antenne (a manager).</summary>
    protected abstract StatsTable Breakdown();

    /// <summary>A breakdown's table: one row per key, named by <paramref name="nameOf"/> (null: unknown to the directory).</summary>
    protected static StatsTable BreakdownTable(
        string key, string title, string rowHeader, IReadOnlyList<StatusTally> tallies, Func<Guid?, string?> nameOf, string unknown) =>
        new(key, title, rowHeader, StatusColumns,
            [.. tallies.Select(t => new StatsRow(nameOf(t.Key) ?? unknown, [t.Sent, t.Positioned, t.TakingCare, t.Done, t.DoneNoHelp, t.DoneNotReachable, t.NotForMe]))],
            Horizontal: true, Empty: "Aucune mise en relation sur cette période.") { ChartColumns = 3 };

    /// <summary>The period's shares of the matches sent: (tile id, figure, words).</summary>
    internal IReadOnlyList<(string Id, string Figure, string Words)> Tiles()
    {
        var sent = Stats.Matches.Sum(m => m.Sent);
        string Share(Func<StatusMonth, long> count) => sent == 0 ? "—" : ((double)Stats.Matches.Sum(count) / sent).ToString("P0", French.Culture);
        return
        [
            ("mises-en-relation-envoyees", French.Number(sent), sent >= 2 ? "mises en relation envoyées" : "mise en relation envoyée"),
            ("taux-positionnement", Share(m => m.Positioned), "des mises en relation ont reçu une réponse du conseiller (taux de positionnement)"),
            ("taux-prise-en-charge", Share(m => m.TakingCare + m.Done + m.DoneNoHelp + m.DoneNotReachable),
                "ont été prises en charge, en cours ou clôturées"),
            ("taux-aide", Share(m => m.Done), "ont été clôturées avec une aide proposée"),
            ("taux-refus", Share(m => m.NotForMe), "ont été refusées par le conseiller"),
            ("sans-reponse", French.Number(Stats.Matches.Sum(m => m.Sent - m.Positioned)), "attendent encore une réponse"),
        ];
    }

    private static StatsRow Row(StatusMonth m) =>
        MonthRow(m.Month, m.Sent, m.Positioned, m.TakingCare, m.Done, m.DoneNoHelp, m.DoneNotReachable, m.NotForMe);
}
