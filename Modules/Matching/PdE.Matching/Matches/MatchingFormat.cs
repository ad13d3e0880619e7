namespace PdE.Matching.Matches;

internal static class MatchingFormat
{
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
