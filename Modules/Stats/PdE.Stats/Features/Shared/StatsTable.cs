using System.Globalization;

namespace PdE.Stats.Features.Shared;

/// <summary>
/// One table of a statistics page, drawn as a chart above it (stats-charts.js reads the table) and downloadable as CSV:
/// a label per row and one count per column.
/// </summary>
/// <param name="Key">Its name in the page (<c>id="tableau-{Key}"</c>) and in its CSV link (<c>tableau={Key}</c>).</param>
/// <param name="Chronological">Rows are months, newest first: the chart draws them oldest first.</param>
/// <param name="Horizontal">Rows are categories: the chart draws horizontal bars.</param>
/// <param name="Empty">What the table says when it has no row.</param>
internal sealed record StatsTable(
    string Key, string Title, string RowHeader, IReadOnlyList<string> Columns, IReadOnlyList<StatsRow> Rows, bool Chronological = false,
    bool Horizontal = false, string Empty = "Aucune donnée pour ces filtres.")
{
    /// <summary>How many of its columns the chart draws, from the first (null: all): a long breakdown stays legible.</summary>
    public int? ChartColumns { get; init; }

    /// <summary>Its CSV with the page's filters (<see cref="StatsFilterPage.CsvUrl"/>), set by the page that shows it.</summary>
    public string? CsvUrl { get; init; }

    /// <summary>The header and the rows as CSV cells: counts as plain numbers, months as <c>yyyy-MM</c>.</summary>
    public IEnumerable<IReadOnlyList<string>> Cells() =>
    [
        [RowHeader, .. Columns],
        .. Rows.Select(r => (IReadOnlyList<string>)[r.CsvLabel ?? r.Label, .. r.Values.Select(v => v.ToString(CultureInfo.InvariantCulture))]),
    ];
}

/// <param name="CsvLabel">The label in the CSV when it differs from the page's (a month as <c>2026-03</c>).</param>
internal sealed record StatsRow(string Label, IReadOnlyList<long> Values, string? CsvLabel = null);
