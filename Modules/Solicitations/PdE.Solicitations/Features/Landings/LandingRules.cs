using System.Text.RegularExpressions;
using PdE.Shared.Web;

namespace PdE.Solicitations.Features.Landings;

/// <summary>What a landing offers once embedded in a partner's page (the original service's iframe variants).</summary>
internal static class LandingEmbed
{
    public const string Catalogue = "catalogue";
    public const string Themes = "themes";
    public const string Subject = "subject";

    public static readonly IReadOnlyList<(string Value, string Label, string Hint)> All =
    [
        (Catalogue, "Tout le catalogue", "Tous les thèmes et sujets du site public, tels que la page d’accueil les montre."),
        (Themes, "Quelques thèmes", "Les thèmes choisis ci-dessous, avec leurs sujets."),
        (Subject, "Un seul sujet", "Le sujet choisi ci-dessous : sa description et le bouton qui ouvre son formulaire."),
    ];

    public static string Label(string embed) => All.FirstOrDefault(e => e.Value == embed).Label ?? embed;
}

/// <summary>The rules a landing's fields follow, shared by the form and the public page.</summary>
internal static partial class LandingRules
{
    public const string SlugRule = "L’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple cci-numerique.";

    public const int MaxOrigins = 10;

    /// <summary>A logo larger than this weighs on every view of the page (it is inline): the partner can send a lighter one.</summary>
    public const int MaxLogoBytes = 100 * 1024;

    public static bool IsValidSlug(string? slug) => slug is { Length: > 0 and <= 60 } && Slug().IsMatch(slug);

    /// <summary>
    /// An origin a partner's page is served from, as browsers compare it with <c>frame-ancestors</c>: <c>https://host</c> with an
    /// optional port, nothing after; plain <c>http</c> only on this machine (tests, a developer's partner page). Null when
    /// it is not one; « https://www.partenaire.fr/ » gives « https://www.partenaire.fr ».
    /// </summary>
    public static string? Origin(string text) =>
        EmbeddingOrigin.Parse(text.Trim().TrimEnd('/')) is { } uri && (uri.Scheme == "https" || uri.IsLoopback) ? EmbeddingOrigin.Of(uri) : null;

    /// <summary>PNG and JPEG, recognised by their first bytes (not by what the browser said).</summary>
    public static string? ImageType(ReadOnlySpan<byte> content) =>
        content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;

    /// <summary>The logo as an <c>img</c> shows it inline, on the form and on the public page; null without one.</summary>
    public static string? LogoDataUri(byte[]? logo, string? type) => logo is null ? null : $"data:{type};base64,{Convert.ToBase64String(logo)}";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
