using System.Collections.Frozen;

namespace PdE.Directory.Features.Accounts;

/// <summary>
/// The passwords an attacker tries first: the 49,000 most common ones found in public breaches (common-passwords.txt, shipped
/// with the site: no outside service is asked), also when a listed word is only decorated with digits or symbols
/// (« motdepasse2024! », « 1234azerty ») or repeated (« soleilsoleil »), whatever the case.
/// </summary>
internal static class CommonPasswords
{
    // Shorter listed words ("a1", "abc") would refuse decent passphrases that merely start with them.
    private const int ShortestDecoratedWord = 5;

    private static readonly Lazy<FrozenSet<string>> Listed = new(Load);

    public static bool IsCommon(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        if (Listed.Value.Contains(lower))
        {
            return true;
        }

        var core = lower.Trim("0123456789 !?.,;:-_*#@$%&+=/\\'\"()[]{}<>~^|`".ToCharArray());
        if (core.Length >= ShortestDecoratedWord && Listed.Value.Contains(core))
        {
            return true;
        }

        // The same listed word twice or more: « azertyazerty ».
        for (var length = ShortestDecoratedWord; length <= core.Length / 2; length++)
        {
            if (core.Length % length == 0 && Listed.Value.Contains(core[..length])
                && Enumerable.Range(1, core.Length / length - 1).All(i => core.AsSpan(i * length, length).SequenceEqual(core.AsSpan(0, length))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the password contains the account's address or, when it is long enough to mean something, the part before « @ ».</summary>
    public static bool ContainsAddress(string password, string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var local = at > 0 ? email[..at] : email;
        return password.Contains(email, StringComparison.OrdinalIgnoreCase)
            || (local.Length >= 4 && password.Contains(local, StringComparison.OrdinalIgnoreCase));
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("PdE.Directory.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded list common-passwords.txt is missing from PdE.Directory.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(50_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line);
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
