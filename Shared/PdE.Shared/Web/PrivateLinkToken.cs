using System.Security.Cryptography;
using System.Text;

namespace PdE.Shared.Web;

/// <summary>
/// The token of a private link sent by e-mail (a request's form or follow-up, an invitation, a satisfaction survey):
/// 256 random bits in the URL, only their SHA-256 in the database (a leaked table gives no working link).
/// </summary>
public static class PrivateLinkToken
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>43 characters of base64url: anything else is not a token we issued.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
