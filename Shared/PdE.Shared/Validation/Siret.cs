namespace PdE.Shared.Validation;

/// <summary>French establishment (SIRET, 14 digits) and company (SIREN, 9 digits) identifiers.</summary>
public static class Siret
{
    // La Poste's establishments share one SIREN and are numbered sequentially, so their SIRETs
    // fail the Luhn check; INSEE validates them by the sum of their digits being a multiple of 5.
    private const string LaPosteSiren = "356000000";

    /// <summary>Removes the spaces, dots and dashes people type between digit groups.</summary>
    public static string Normalize(string? input) =>
        new((input ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not '.' and not '-').ToArray());

    public static bool IsValid(string? siret)
    {
        if (siret is not { Length: 14 } || !siret.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (siret.StartsWith(LaPosteSiren, StringComparison.Ordinal))
        {
            return PassesLuhn(siret) || siret.Sum(c => c - '0') % 5 == 0;
        }

        return PassesLuhn(siret);
    }

    public static bool IsValidSiren(string? siren) =>
        siren is { Length: 9 } && siren.All(char.IsAsciiDigit) && PassesLuhn(siren);

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
