using FluentValidation;
using Microsoft.Extensions.Options;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts;

internal static class AccountRules
{
    // ANSSI guidance for a password used without a second factor: length matters more than character classes,
    // so the only rule is a minimum of 12 characters (stated on every page where one is chosen).
    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 256;

    /// <summary>Failed sign-ins for one address from one client IP before the next ones wait: 1 minute, then twice as long
    /// after each further failure, up to <see cref="LongestSignInWait"/>; failures older than <see cref="FailureMemory"/> are forgotten.</summary>
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan FirstSignInWait = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestSignInWait = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan FailureMemory = TimeSpan.FromHours(1);
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(1);

    public const string PasswordHint = "12 caractères au minimum. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.";

    public static IRuleBuilderOptions<T, string> NewPassword<T>(this IRuleBuilder<T, string> rule) => rule
        .NotEmpty().WithMessage("Choisissez un mot de passe.")
        .MinimumLength(MinimumPasswordLength).WithMessage($"Le mot de passe doit comporter au moins {MinimumPasswordLength} caractères.")
        .MaximumLength(MaximumPasswordLength).WithMessage($"Le mot de passe ne doit pas dépasser {MaximumPasswordLength} caractères.")
        .Must(password => !CommonPasswords.IsCommon(password))
        .WithMessage("Ce mot de passe fait partie des plus courants ou de ceux déjà divulgués : il serait deviné parmi les premiers. Choisissez-en un autre, par exemple une phrase de plusieurs mots.");
}

/// <summary>The links sent by e-mail, on the site's configured address (never the request's Host header).</summary>
internal sealed class AccountLinks(IOptions<SiteOptions> site)
{
    public string Invitation(string token) => site.Value.Url($"compte/invitation/{token}");
    public string PasswordReset(string token) => site.Value.Url($"compte/nouveau-mot-de-passe/{token}");
}
