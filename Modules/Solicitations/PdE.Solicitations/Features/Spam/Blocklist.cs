using Dapper;
using Npgsql;

namespace PdE.Solicitations.Features.Spam;

/// <summary>One line of the blocklist: what is blocked, and why (shown to the team, never to the sender).</summary>
internal sealed record BlockedSender(Guid Id, string Kind, string Value, string Reason, string CreatedBy, DateTime CreatedAt);

/// <summary>Is this sender on the blocklist? By exact e-mail, by e-mail domain, by SIRET, or by the company's SIREN.</summary>
internal static class Blocklist
{
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["email"] = "Adresse électronique",
        ["domain"] = "Domaine d’adresse électronique",
        ["siret"] = "SIRET (un établissement)",
        ["siren"] = "SIREN (toute l’entreprise)",
    };

    private const string Match = """
        select id as Id, kind as Kind, value as Value, reason as Reason, created_by as CreatedBy, created_at as CreatedAt
        from solicitations.blocked_sender
        where (kind = 'email' and value = @Email)
           or (kind = 'domain' and value = @Domain)
           or (kind = 'siret' and value = @Siret)
           or (kind = 'siren' and value = @Siren)
        order by created_at
        limit 1
        """;

    /// <summary>The first entry that blocks this sender, or null.</summary>
    public static Task<BlockedSender?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string email, string? siret, CancellationToken cancellationToken)
    {
        var normalizedEmail = email.Trim().ToLowerInvariant();
        var at = normalizedEmail.LastIndexOf('@');
        var digits = siret is null ? null : new string(siret.Where(char.IsAsciiDigit).ToArray());
        return connection.QuerySingleOrDefaultAsync<BlockedSender>(new CommandDefinition(Match, new
        {
            Email = normalizedEmail,
            Domain = at < 0 ? null : normalizedEmail[(at + 1)..],
            Siret = digits is { Length: 14 } ? digits : null,
            Siren = digits is { Length: 14 } ? digits[..9] : null,
        }, transaction, cancellationToken: cancellationToken));
    }
}
