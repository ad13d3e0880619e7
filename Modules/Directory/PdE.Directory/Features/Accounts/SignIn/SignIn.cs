using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.SignIn;

internal sealed record SignInCommand(string Email, string Password) : ICommand<SignedInUser?>;

internal sealed class SignInValidator : AbstractValidator<SignInCommand>
{
    public SignInValidator()
    {
        RuleFor(c => c.Email).NotEmpty().WithMessage("Indiquez votre adresse électronique.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Indiquez votre mot de passe.");
    }
}

/// <summary>
/// Checks the password and counts failures: after <see cref="AccountRules.MaxFailedAttempts"/> in a row the account is
/// locked for <see cref="AccountRules.LockoutDuration"/>. Returns null on any refusal, whatever the reason, so that the
/// page cannot tell an unknown address from a wrong password or a locked account.
/// </summary>
internal sealed class SignInHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<SignInCommand, SignedInUser?>
{
    private const string LoadAccount = """
        select id, password_hash as PasswordHash, failed_attempts as FailedAttempts, locked_until as LockedUntil
        from directory.user_account
        where lower(email) = lower(@Email) and deleted_at is null
        for update
        """;

    private const string RecordFailure = """
        update directory.user_account
        set failed_attempts = case when failed_attempts + 1 >= @Max then 0 else failed_attempts + 1 end,
            locked_until = case when failed_attempts + 1 >= @Max then @LockedUntil else null end
        where id = @Id
        """;

    public async ValueTask<SignedInUser?> Handle(SignInCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await connection.QuerySingleOrDefaultAsync<Account>(LoadAccount, new { command.Email }, transaction);
        if (account is null || account.PasswordHash is null)
        {
            Passwords.VerifyDecoy(command.Password);
            return null;
        }

        if (account.LockedUntil > now)
        {
            return null;
        }

        if (!Passwords.Verify(account.PasswordHash, command.Password))
        {
            await connection.ExecuteAsync(RecordFailure, new
            {
                account.Id, Max = AccountRules.MaxFailedAttempts, LockedUntil = now + AccountRules.LockoutDuration,
            }, transaction);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        await connection.ExecuteAsync(
            "update directory.user_account set failed_attempts = 0, locked_until = null where id = @Id", new { account.Id }, transaction);
        var user = await SignedInUser.LoadAsync(connection, transaction, account.Id);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    private sealed record Account(Guid Id, string? PasswordHash, int FailedAttempts, DateTime? LockedUntil);
}
