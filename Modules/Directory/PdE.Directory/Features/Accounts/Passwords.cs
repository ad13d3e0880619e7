using Microsoft.AspNetCore.Identity;

namespace PdE.Directory.Features.Accounts;

/// <summary>ASP.NET Core Identity's hasher (PBKDF2, versioned format) without the rest of Identity.</summary>
internal static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Owner = new();

    // Checked when the address is unknown, so that a refusal takes as long whether or not the account exists.
    private static readonly Lazy<string> DecoyHash = new(() => Hash(Guid.NewGuid().ToString()));

    public static string Hash(string password) => Hasher.HashPassword(Owner, password);

    /// <returns>Always false, after as much work as a real check.</returns>
    public static bool VerifyDecoy(string password)
    {
        Verify(DecoyHash.Value, password);
        return false;
    }

    public static bool Verify(string? hash, string password) =>
        hash is not null && Hasher.VerifyHashedPassword(Owner, hash, password) != PasswordVerificationResult.Failed;
}
