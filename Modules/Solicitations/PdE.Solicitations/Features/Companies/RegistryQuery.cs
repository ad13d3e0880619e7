using PdE.Shared.Validation;

namespace PdE.Solicitations.Features.Companies;

internal enum RegistryQueryKind
{
    Name,
    Siren,
    Siret,
}

/// <summary>What a person typed, normalised: digits alone for an identifier, single-spaced text for a name.</summary>
internal sealed record RegistryQuery(RegistryQueryKind Kind, string Text)
{
    public const int MinimumLength = 3;
    public const int MaximumResults = 10;

    /// <summary>Same query, same key, whatever the case and spacing.</summary>
    public string CacheKey => $"company-registry:{Kind}:{Text.ToUpperInvariant()}";

    /// <summary>Null when there is nothing worth asking (too short).</summary>
    public static RegistryQuery? Parse(string? input)
    {
        var text = string.Join(' ', (input ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var digits = Siret.Normalize(text);
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            switch (digits.Length)
            {
                case 14:
                    return new RegistryQuery(RegistryQueryKind.Siret, digits);
                case 9:
                    return new RegistryQuery(RegistryQueryKind.Siren, digits);
            }
        }

        return text.Length < MinimumLength ? null : new RegistryQuery(RegistryQueryKind.Name, text);
    }
}
