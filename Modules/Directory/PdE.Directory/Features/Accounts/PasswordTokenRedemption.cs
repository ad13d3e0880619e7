using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Accounts;

/// <summary>Shared by the invitation and the reset pages: a valid link sets the password, unlocks the account and signs in.</summary>
internal static class PasswordTokenRedemption
{
    public static async Task<SignedInUser?> RedeemAsync(
        NpgsqlDataSource dataSource, string token, string purpose, string password, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var userId = await UserTokens.ConsumeAsync(transaction, token, purpose, now);
        if (userId is null)
        {
            return null;
        }

        await connection.ExecuteAsync("""
            update directory.user_account set password_hash = @Hash, failed_attempts = 0, locked_until = null where id = @Id
            """, new { Hash = Passwords.Hash(password), Id = userId }, transaction);
        // Whoever held an older link of either kind must not be able to change the password again.
        await connection.ExecuteAsync(
            "update directory.user_token set used_at = @now where user_id = @userId and used_at is null",
            new { now, userId }, transaction);
        var user = await SignedInUser.LoadAsync(connection, transaction, userId.Value);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }
}
