namespace PdE.Shared.Web;

/// <summary>
/// An origin a partner's page is served from, as browsers compare it with <c>frame-ancestors</c>: <c>http(s)://host</c> with
/// an optional port and nothing after it. Both lists of origins that may frame a page pass through it: the setting
/// (<c>Embedding:AllowedOrigins</c>) and each landing's own partner sites, where it is written and again where the header is.
/// </summary>
public static class EmbeddingOrigin
{
    /// <summary>
    /// The origin <paramref name="text"/> names, or null when it is not one exactly: a path, a query, a fragment, user
    /// information, or a ';', space or '*' that would rewrite the policy it goes into.
    /// </summary>
    public static Uri? Parse(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.PathAndQuery == "/"
        && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0 && !text.Contains(';') && !text.Contains(' ') && !text.Contains('*')
            ? uri
            : null;

    /// <summary>How the header writes it: « https://www.partenaire.fr », the host in lower case, no default port.</summary>
    public static string Of(Uri origin) => origin.GetLeftPart(UriPartial.Authority);
}
