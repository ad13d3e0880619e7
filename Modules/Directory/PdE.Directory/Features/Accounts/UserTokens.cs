using Dapper;
using Npgsql;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts;

/// <summary>Single-use, time-limited links. The database holds only the SHA-256 of a token.</summary>
internal static class UserTokens
{
    public const string Invitation = "invitation";
    public const string PasswordReset = "password_reset";

    public static async Task<string> IssueAsync(
        NpgsqlTransaction transaction, Guid userId, string purpose, DateTime expiresAt, CancellationToken cancellationToken)
    {
        var token = PrivateLinkToken.Create();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            insert into directory.user_token (token_hash, user_id, purpose, expires_at) values (@Hash, @UserId, @Purpose, @ExpiresAt)
            """, new { Hash = HashOf(token), UserId = userId, Purpose = purpose, ExpiresAt = expiresAt }, transaction, cancellationToken: cancellationToken));
        return token;
    }

    public static Task<bool> IsUsableAsync(NpgsqlConnection connection, string token, string purpose, DateTime now, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists (
                select 1 from directory.user_token t join directory.user_account u on u.id = t.user_id
                where t.token_hash = @Hash and t.purpose = @Purpose and t.used_at is null and t.expires_at > @Now and u.deleted_at is null)
            """, new { Hash = HashOf(token), Purpose = purpose, Now = now }, cancellationToken: cancellationToken));

    /// <summary>The address of the account a token of this purpose was made for, used or not; null when there is none.</summary>
    public static Task<string?> AddressOfAsync(NpgsqlConnection connection, string token, string purpose, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select u.email from directory.user_token t join directory.user_account u on u.id = t.user_id
            where t.token_hash = @Hash and t.purpose = @Purpose
            """, new { Hash = HashOf(token), Purpose = purpose }, cancellationToken: cancellationToken));

    /// <returns>The account the token was for, or null when it is unknown, expired or already used.</returns>
    public static Task<Guid?> ConsumeAsync(NpgsqlTransaction transaction, string token, string purpose, DateTime now, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            update directory.user_token t set used_at = @Now
            from directory.user_account u
            where u.id = t.user_id and u.deleted_at is null
              and t.token_hash = @Hash and t.purpose = @Purpose and t.used_at is null and t.expires_at > @Now
            returning t.user_id
            """, new { Hash = HashOf(token), Purpose = purpose, Now = now }, transaction, cancellationToken: cancellationToken));

    private static byte[] HashOf(string token) => PrivateLinkToken.Hash(token);
}
