using System.Globalization;

namespace PdE.Matching.Matches;

internal static class MatchingFormat
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>"25 novembre 2026 à 14h05", Paris time.</summary>
    public static string Date(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris).ToString("d MMMM yyyy 'à' HH'h'mm", French);

    /// <summary>"15 mars 2012".</summary>
    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", French);

    public static string Siret(string siret) =>
        siret.Trim() is { Length: 14 } s ? $"{s[..3]} {s[3..6]} {s[6..9]} {s[9..]}" : siret.Trim();

    /// <summary>"06 12 34 56 78" for a 10-digit French number, as typed otherwise.</summary>
    public static string Phone(string phone) =>
        phone.Length == 10 && phone.All(char.IsAsciiDigit) ? string.Join(' ', Enumerable.Range(0, 5).Select(i => phone.Substring(i * 2, 2))) : phone;

    /// <summary>The start of a long description, cut on a word.</summary>
    public static string Excerpt(string text, int length = 200)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length);
        return text[..(cut > 0 ? cut : length)] + "…";
    }
}
