using System.Text.RegularExpressions;
using FluentValidation;

namespace PdE.Shared.Validation;

/// <summary>
/// The one rule for every e-mail field (request form, partner API, invitations, experts, imports, blocklist): an address an
/// SMTP server will take. An ASCII local part of dot-separated atoms, a domain of at least two labels: no space, control
/// character, direction mark or escape anywhere. Such an address is refused where it is typed, in French, rather than
/// accepted and then failing to send forever.
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    public const string Invalid = "Indiquez une adresse électronique valide, par exemple nom@domaine.fr.";

    public static bool IsValid(string? email) => email is { Length: > 0 and <= MaxLength } && Shape().IsMatch(email);

    /// <summary>The FluentValidation rule: <see cref="IsValid"/>, with the French message (a blank value is left to NotEmpty).</summary>
    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(email => string.IsNullOrEmpty(email) || IsValid(email)).WithMessage(Invalid);

    // Local part: RFC 5322 dot-atom (no quoted strings); domain: LDH labels (IDN as punycode), a TLD of letters.
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})\z")]
    private static partial Regex Shape();
}
