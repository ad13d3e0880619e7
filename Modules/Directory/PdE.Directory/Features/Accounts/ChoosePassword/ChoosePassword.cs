using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.ChoosePassword;

/// <summary>Whether a link of this purpose (<see cref="UserTokens.Invitation"/> or <see cref="UserTokens.PasswordReset"/>) can still be used.</summary>
internal sealed record CheckPasswordLinkQuery(string Purpose, string Token) : IQuery<bool>;

/// <summary>A link of this purpose, still usable, sets the password, unlocks the account and signs in; null when it is not usable.</summary>
internal sealed record ChoosePasswordCommand(string Purpose, string Token, string Password, string Confirmation) : ICommand<SignedInUser?>;

internal sealed class ChoosePasswordValidator : AbstractValidator<ChoosePasswordCommand>
{
    public ChoosePasswordValidator(NpgsqlDataSource dataSource)
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Password).NewPassword()
            .MustAsync(async (command, password, cancellationToken) =>
                await AddressOfLinkAsync(dataSource, command, cancellationToken) is not { } email || !CommonPasswords.ContainsAddress(password, email))
            .WithMessage("Le mot de passe ne doit pas contenir votre adresse électronique : c’est ce qu’un attaquant essaie en premier.");
        RuleFor(c => c.Confirmation).Equal(c => c.Password).WithMessage("Les deux mots de passe saisis sont différents.");
    }

    /// <summary>The address of the account the link was sent for (null for an unknown link: the handler refuses it anyway).</summary>
    private static async Task<string?> AddressOfLinkAsync(NpgsqlDataSource dataSource, ChoosePasswordCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UserTokens.AddressOfAsync(connection, command.Token, command.Purpose, cancellationToken);
    }
}

internal sealed class ChoosePasswordHandler(NpgsqlDataSource dataSource, TimeProvider clock)
    : ICommandHandler<ChoosePasswordCommand, SignedInUser?>, IQueryHandler<CheckPasswordLinkQuery, bool>
{
    // A new security stamp: whoever held a session of this account (a copied cookie, a forgotten browser) is signed out.
    private const string SetPassword = """
        update directory.user_account
        set password_hash = @Hash, failed_attempts = 0, locked_until = null, security_stamp = gen_random_uuid()
        where id = @Id
        """;

    // Whoever held an older link of either kind must not be able to change the password again.
    private const string UseEveryLink = "update directory.user_token set used_at = @now where user_id = @userId and used_at is null";

    public async ValueTask<bool> Handle(CheckPasswordLinkQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UserTokens.IsUsableAsync(connection, query.Token, query.Purpose, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    public async ValueTask<SignedInUser?> Handle(ChoosePasswordCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var userId = await UserTokens.ConsumeAsync(transaction, command.Token, command.Purpose, now, cancellationToken);
        if (userId is null)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            SetPassword, new { Hash = Passwords.Hash(command.Password), Id = userId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(UseEveryLink, new { now, userId }, transaction, cancellationToken: cancellationToken));
        // The owner proved who they are: the failed sign-ins typed with their address stop slowing anyone down.
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from directory.sign_in_throttle t using directory.user_account u where u.id = @userId and t.email = lower(u.email)",
            new { userId }, transaction, cancellationToken: cancellationToken));
        var user = await SignedInUser.LoadAsync(connection, transaction, userId.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }
}
