using System.Security.Cryptography;
using System.Text;

namespace PdE.Solicitations.Features.PartnerApi;

/// <summary>
/// A partner's API key: <c>pde_</c> and 256 random bits in base64url, shown once. Only its SHA-256 is stored, with its
/// first characters as a prefix that admins and log lines use to tell keys apart (too short to help guess the rest).
/// </summary>
internal static class PartnerApiKeySecret
{
    private const string Scheme = "pde_";

    public const int PrefixLength = 12;

    public static string Create() =>
        Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.ASCII.GetBytes(key));

    public static string PrefixOf(string key) => key[..Math.Min(PrefixLength, key.Length)];

    /// <summary>"pde_" and 43 base64url characters: anything else is not a key we issued (and is not looked up).</summary>
    public static bool LooksValid(string? key) =>
        key is { Length: 47 } && key.StartsWith(Scheme, StringComparison.Ordinal)
        && key[Scheme.Length..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
