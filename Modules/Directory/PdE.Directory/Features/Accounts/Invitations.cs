using Npgsql;
using PdE.Directory.Contracts;
using PdE.Shared.Outbox;

namespace PdE.Directory.Features.Accounts;

/// <summary>
/// Sends an account its invitation: a single-use link valid <see cref="AccountRules.InvitationLifetime"/>, and the
/// <see cref="UserInvited"/> event through the outbox, in the caller's transaction (Notifications writes the e-mail).
/// </summary>
internal static class Invitations
{
    public static async Task SendAsync(
        NpgsqlTransaction transaction, AccountLinks links, DateTime now, Guid userId, string email, string fullName, CancellationToken cancellationToken)
    {
        var expiresAt = now + AccountRules.InvitationLifetime;
        var token = await UserTokens.IssueAsync(transaction, userId, UserTokens.Invitation, expiresAt, cancellationToken);
        await transaction.EnqueueAsync(DirectorySchema.Name, new UserInvited(
            Guid.CreateVersion7(), userId, email, fullName, links.Invitation(token), expiresAt));
    }
}
