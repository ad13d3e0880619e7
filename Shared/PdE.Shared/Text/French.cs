using System.Globalization;
using System.Numerics;

namespace PdE.Shared.Text;

/// <summary>
/// Dates and numbers as the French pages and e-mails show them. Instants are stored in UTC and shown in Paris time,
/// whatever the server's own time zone.
/// </summary>
public static class French
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("fr-FR");

    public static TimeZoneInfo Paris { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>
    /// The Paris wall-clock time of an instant. Unspecified kind is taken as UTC (how timestamps come back from the
    /// database or old JSON); Local is refused, since it would depend on the server's time zone.
    /// </summary>
    public static DateTime ToParis(DateTime utc) => utc.Kind switch
    {
        DateTimeKind.Local => throw new ArgumentException("Expected a UTC instant, got a local time.", nameof(utc)),
        _ => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris),
    };

    /// <summary>"25 novembre 2026 à 14h05", Paris time.</summary>
    public static string DateAndTime(DateTime utc) => ToParis(utc).ToString("d MMMM yyyy 'à' HH'h'mm", Culture);

    /// <summary>"mercredi 25 novembre 2026 à 12h49", Paris time.</summary>
    public static string LongDateAndTime(DateTime utc) => ToParis(utc).ToString("dddd d MMMM yyyy 'à' HH'h'mm", Culture);

    /// <summary>"25 novembre 2026", the day in Paris.</summary>
    public static string Date(DateTime utc) => Date(DateOnly.FromDateTime(ToParis(utc)));

    /// <summary>"15 mars 2012".</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>A yes/no answer as the request form's questions read: « Oui », « Non » or « Sans réponse ».</summary>
    public static string YesNo(bool? answer) => answer switch { true => "Oui", false => "Non", null => "Sans réponse" };

    /// <summary>"12 345", with the narrow no-break space French uses between thousands.</summary>
    public static string Number<T>(T value)
        where T : INumberBase<T> => value.ToString("N0", Culture);

    /// <summary>
    /// A count and its noun agreed with it: "1 demande reçue", "2 demandes reçues", "12 345 besoins". French puts 0 and 1 in
    /// the singular ("0 demande"); pages that would rather say « Aucune demande » say it themselves.
    /// </summary>
    public static string Count(long count, string singular, string plural) =>
        $"{Number(count)} {(Math.Abs(count) >= 2 ? plural : singular)}";

    /// <summary>
    /// A commune as a French reader names it: "Rouen (76000)", "Paris 11e Arrondissement (75011)", with its postcode, not its
    /// INSEE code (76540, 75111: only exports and agents' tools show those). Without a known postcode, the name alone.
    /// </summary>
    public static string Commune(string name, string? postcode) => postcode is null ? name : $"{name} ({postcode})";

    /// <summary>An activity as pages show it: "Boulangerie et boulangerie-pâtisserie (NAF 10.71C)", or "NAF 10.71C" when the
    /// label is not known.</summary>
    public static string Activity(string nafCode, string? label) => label is null ? $"NAF {nafCode}" : $"{label} (NAF {nafCode})";

    /// <summary>"Camille Martin, Chambre de commerce et d’industrie (CCI)": an agent and their institution, whose name often ends
    /// in its acronym in parentheses (never "Camille Martin (Chambre … (CCI))").</summary>
    public static string AgentOf(string person, string institution) => $"{person}, {institution}";
}
