using PdE.Stats.Features.ShowPublicStats;

namespace PdE.Stats.Features.Exports;

/// <summary>What an export lists: its key in the database, its name in forms and file names, its label.</summary>
internal sealed record ExportKind(string Key, string Slug, string Label)
{
    public static readonly ExportKind Requests = new("requests", "demandes", "Demandes");
    public static readonly ExportKind Needs = new("needs", "besoins", "Besoins");
    public static readonly ExportKind Matches = new("matches", "mises-en-relation", "Mises en relation");

    public static readonly ExportKind[] All = [Requests, Needs, Matches];

    public static ExportKind? OfSlug(string? slug) => All.FirstOrDefault(k => k.Slug == slug?.Trim());

    public static ExportKind OfKey(string key) => All.First(k => k.Key == key);
}

/// <summary>The file formats an export is written in.</summary>
internal static class ExportFormat
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";

    public static readonly string[] All = [Csv, Xlsx];

    public static string? Of(string? value) => All.FirstOrDefault(f => f == value?.Trim().ToLowerInvariant());

    public static string ContentType(string format) => format == Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";
}

/// <summary>
/// What an export covers, kept with it (as JSON) so that the background job lists what the page showed when it was asked:
/// the page's filters and, for a manager, their antenne or the experts of their perimeter (null: every match).
/// </summary>
internal sealed record ExportScope(
    DateOnly? FromMonth, DateOnly? ToMonth, string[]? Departements, string[]? Subjects, Guid? InstitutionId, Guid? AntenneId, Guid[]? ExpertIds)
{
    public static ExportScope Of(StatsFilter filter, Guid? antenneId, IReadOnlyList<Guid>? expertIds) =>
        new(filter.FromMonth, filter.ToMonth, filter.Departements?.ToArray(), filter.Subjects?.ToArray(), filter.InstitutionId, antenneId,
            expertIds?.ToArray());

    public StatsFilter Filter => new(FromMonth, ToMonth, Departements, Subjects, InstitutionId);
}
