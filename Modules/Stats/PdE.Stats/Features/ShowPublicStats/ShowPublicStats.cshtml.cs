using Mediator;
using PdE.Stats.Data;
using PdE.Stats.Features.Shared;

namespace PdE.Stats.Features.ShowPublicStats;

/// <summary>
/// <c>/stats</c>: the service's figures for everyone, narrowed by period, place, theme or subject and institution, each
/// table as a chart, a table and a CSV.
/// </summary>
internal sealed class ShowPublicStatsModel(IMediator mediator, TimeProvider clock) : StatsFilterPage(mediator, clock)
{
    internal PublicStats Stats { get; private set; } = PublicStats.Empty;

    internal override string Path => "/stats";

    protected override async Task LoadAsync(StatsFilter filter, CancellationToken cancellationToken) =>
        Stats = await Mediator.Send(new GetPublicStats(filter), cancellationToken);

    internal override IReadOnlyList<StatsTable> Tables() =>
    [
        new("mois", "Activité par mois", "Mois", ["Demandes reçues", "Besoins orientés", "Pris en charge", "Clôturés avec aide"],
            [.. Stats.Months.Select(m => MonthRow(m.Month, m.SolicitationsReceived, m.NeedsRouted, m.NeedsTakenInCharge, m.NeedsDone))],
            Chronological: true, Empty: "Aucune demande pour le moment."),
        new("themes", "Besoins orientés par thème", "Thème", ["Besoins orientés"], [.. NeedsByTheme().Select(t => new StatsRow(t.Label, [t.Count]))],
            Horizontal: true),
        new("taille", "Demandes reçues par taille d’entreprise", "Taille", ["Demandes reçues"],
            [.. RequestsBySize().Where(t => t.Count > 0).Select(t => new StatsRow(t.Label, [t.Count]))], Horizontal: true),
        new("activite", "Demandes reçues par secteur d’activité", "Secteur (section NAF)", ["Demandes reçues"],
            [.. RequestsByNafSection().Where(t => t.Count > 0).Select(t => new StatsRow(t.Label, [t.Count]))], Horizontal: true),
    ];

    /// <summary>Needs by theme of the catalogue, largest first; subjects no longer public under « Autres sujets ».</summary>
    internal IReadOnlyList<(string Label, long Count)> NeedsByTheme()
    {
        var themeOf = Catalogue.SelectMany(t => t.Subjects.Select(s => (s.Slug, t.Label))).ToDictionary(p => p.Slug, p => p.Label);
        return Stats.NeedsBySubject
            .GroupBy(t => t.Key is { } slug && themeOf.TryGetValue(slug, out var label) ? label : "Autres sujets")
            .Select(g => (g.Key, g.Sum(t => t.Count)))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    internal IReadOnlyList<(string Label, long Count)> RequestsBySize()
    {
        var counts = Stats.RequestsBySize.ToDictionary(t => t.Key ?? "", t => t.Count);
        return
        [
            .. CompanyCategories.SizeClasses.Select(size => (size.Label, counts.GetValueOrDefault(size.Key))),
            ("Taille inconnue ou projet sans entreprise", counts.GetValueOrDefault("")),
        ];
    }

    internal IReadOnlyList<(string Label, long Count)> RequestsByNafSection() =>
    [
        .. Stats.RequestsByNafSection
            .Where(t => t.Key is not null && CompanyCategories.NafSections.ContainsKey(t.Key))
            .Select(t => ($"{t.Key} – {CompanyCategories.NafSections[t.Key!]}", t.Count)),
        ("Activité inconnue", Stats.RequestsByNafSection.Where(t => t.Key is null || !CompanyCategories.NafSections.ContainsKey(t.Key)).Sum(t => t.Count)),
    ];

    /// <summary>« 2 j 4 h », « 5 h », « 40 min »: a delay as a reader takes it in at a glance, to the nearest hour (minute below one).</summary>
    internal static string Delay(TimeSpan delay)
    {
        if (delay.TotalMinutes < 59.5)
        {
            return $"{Math.Max(1, (int)Math.Round(delay.TotalMinutes))} min";
        }

        var hours = (long)Math.Round(delay.TotalHours);
        return hours < 24 ? $"{hours} h" : hours % 24 == 0 ? $"{hours / 24} j" : $"{hours / 24} j {hours % 24} h";
    }
}
