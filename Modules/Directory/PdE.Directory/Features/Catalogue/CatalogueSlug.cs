using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PdE.Directory.Features.Catalogue;

/// <summary>The identifiers of themes, subjects and questions: in the site's addresses and the partner API, never changed once chosen.</summary>
internal static partial class CatalogueSlug
{
    public const string Rule = "L’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple financer-projet.";

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= 60 } && Pattern().IsMatch(slug);

    /// <summary>« Avez-vous déjà un prêt ? » → « avez-vous-deja-un-pret », at most 60 characters.</summary>
    public static string From(string label)
    {
        var letters = new StringBuilder();
        foreach (var c in label.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            letters.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        }

        var slug = Dashes().Replace(letters.ToString(), "-").Trim('-');
        return slug.Length <= 60 ? slug : slug[..60].TrimEnd('-');
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Pattern();

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();
}
