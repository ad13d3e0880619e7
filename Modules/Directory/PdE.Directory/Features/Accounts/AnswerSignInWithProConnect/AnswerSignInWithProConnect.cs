using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.Features.Accounts.SignIn;

namespace PdE.Directory.Features.Accounts.AnswerSignInWithProConnect;

/// <summary>
/// The Host's ProConnect sign-in, once ProConnect vouched for the address: no password to check, so no throttle to apply.
/// Only an account a session may be opened for is signed in: not deleted (a deleted account's address is erased anyway)
/// and with its invitation accepted, the rule the Host checks on every request (<see cref="SignedInUser.ActiveRolesAsync"/>);
/// signing in any other would give a session that ends at its next request.
/// </summary>
internal sealed class AnswerSignInWithProConnectHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<SignInWithProConnect, ProConnectSignIn>
{
    private const string LoadAccount = """
        select id, password_hash is not null as Activated
        from directory.user_account
        where lower(email) = lower(@Email) and deleted_at is null
        """;

    public async ValueTask<ProConnectSignIn> Handle(SignInWithProConnect command, CancellationToken cancellationToken)
    {
        var (email, clientIp) = SignInThrottle.KeyOf(command.Email, command.ClientIp);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(
            LoadAccount, new { Email = email }, transaction, cancellationToken: cancellationToken));
        if (account is not { Activated: true })
        {
            return new ProConnectSignIn(null, InvitationPending: account is not null);
        }

        // As a password sign-in that succeeds.
        await SignInThrottle.ForgetAsync(connection, transaction, email, clientIp, cancellationToken);
        var user = await SignedInUser.LoadAsync(connection, transaction, account.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ProConnectSignIn(user.ToPrincipal(clock.GetUtcNow()), InvitationPending: false);
    }

    private sealed record Account(Guid Id, bool Activated);
}
