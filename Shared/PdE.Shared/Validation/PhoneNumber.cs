namespace PdE.Shared.Validation;

/// <summary>Phone numbers as French people type them: 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, 0033…</summary>
public static class PhoneNumber
{
    /// <summary>Digits only, with the French prefix written as a leading 0; other international numbers keep their '+'.</summary>
    public static string Normalize(string? input)
    {
        var raw = (input ?? string.Empty).Trim();
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        var international = raw.StartsWith('+') || digits.StartsWith("00", StringComparison.Ordinal);
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        if (international && digits.StartsWith("33", StringComparison.Ordinal))
        {
            var national = digits[2..];
            return national.StartsWith('0') ? national : "0" + national;
        }

        return international ? "+" + digits : digits;
    }

    public static bool IsValid(string? normalized) =>
        normalized switch
        {
            { Length: 10 } n when n[0] == '0' && n[1] != '0' && n.All(char.IsAsciiDigit) => true,
            // Foreign numbers (a cross-border company): E.164 allows 8 to 15 digits after the '+'.
            { Length: >= 9 and <= 16 } n when n[0] == '+' && n[1..].All(char.IsAsciiDigit) => true,
            _ => false,
        };

    /// <summary>06 12 34 56 78 for display.</summary>
    public static string Format(string normalized) =>
        normalized.Length == 10 && normalized[0] == '0'
            ? string.Join(' ', Enumerable.Range(0, 5).Select(i => normalized.Substring(i * 2, 2)))
            : normalized;
}
