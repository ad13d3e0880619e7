using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.SignIn;

/// <param name="ClientIp">Where the attempt comes from (the connection's address, behind known proxies the forwarded one); null when unknown.</param>
internal sealed record SignInCommand(string Email, string Password, string? ClientIp = null) : ICommand<SignedInUser?>;

internal sealed class SignInValidator : AbstractValidator<SignInCommand>
{
    public SignInValidator()
    {
        RuleFor(c => c.Email).NotEmpty().WithMessage("Indiquez votre adresse électronique.");
        RuleFor(c => c.Password).NotEmpty().WithMessage("Indiquez votre mot de passe.");
    }
}

/// <summary>
/// Checks the password and slows down failures per address typed and client IP (<see cref="AccountRules.MaxFailedAttempts"/>
/// free tries, then waits that double up to <see cref="AccountRules.LongestSignInWait"/>): an attacker waits, the account's
/// owner elsewhere does not. Returns null on any refusal, whatever the reason, and every answer costs one password hash
/// check, so that neither the page nor its timing tells an unknown address from a wrong password or a slowed-down client.
/// </summary>
internal sealed class SignInHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<SignInCommand, SignedInUser?>
{
    private const string LoadAccount = """
        select id, password_hash as PasswordHash
        from directory.user_account
        where lower(email) = lower(@Email) and deleted_at is null
        """;

    private const string Waiting = """
        select blocked_until > @Now from directory.sign_in_throttle where email = @Email and client_ip = @ClientIp
        """;

    private const string RecordFailure = """
        insert into directory.sign_in_throttle as t (email, client_ip, failures, last_failure_at)
        values (@Email, @ClientIp, 1, @Now)
        on conflict (email, client_ip) do update
        set failures = case when t.last_failure_at < @Now - @FailureMemory then 1 else t.failures + 1 end,
            last_failure_at = @Now,
            blocked_until = case when t.last_failure_at >= @Now - @FailureMemory and t.failures + 1 >= @Max
                                 then @Now + least(@LongestWait, @FirstWait * power(2, t.failures + 1 - @Max)) end;
        delete from directory.sign_in_throttle where last_failure_at < @Now - interval '1 day';
        """;

    public async ValueTask<SignedInUser?> Handle(SignInCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (email, clientIp) = SignInThrottle.KeyOf(command.Email, command.ClientIp);
        var key = new { Email = email, ClientIp = clientIp, Now = now };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(Waiting, key, cancellationToken: cancellationToken)) == true)
        {
            Passwords.VerifyDecoy(command.Password);
            return null;
        }

        var account = await connection.QuerySingleOrDefaultAsync<Account>(new CommandDefinition(LoadAccount, key, cancellationToken: cancellationToken));
        var verified = account?.PasswordHash is { } hash ? Passwords.Verify(hash, command.Password) : Passwords.VerifyDecoy(command.Password);
        if (!verified)
        {
            // Not cancellable: a client that hangs up once its password was checked must not escape the count.
            await connection.ExecuteAsync(new CommandDefinition(RecordFailure, new
            {
                key.Email, key.ClientIp, key.Now, Max = AccountRules.MaxFailedAttempts, FailureMemory = AccountRules.FailureMemory,
                FirstWait = AccountRules.FirstSignInWait, LongestWait = AccountRules.LongestSignInWait,
            }, cancellationToken: CancellationToken.None));
            return null;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SignInThrottle.ForgetAsync(connection, transaction, key.Email, key.ClientIp, cancellationToken);
        var user = await SignedInUser.LoadAsync(connection, transaction, account!.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user;
    }

    private sealed record Account(Guid Id, string? PasswordHash);
}

/// <summary>The failures counted per address typed and client IP, which every way of signing in shares.</summary>
internal static class SignInThrottle
{
    /// <summary>What failures are counted under: the address as typed, without case or spaces around it, and the client's IP.</summary>
    public static (string Email, string ClientIp) KeyOf(string email, string? clientIp) => (email.Trim().ToLowerInvariant(), clientIp ?? "inconnue");

    /// <summary>A sign-in succeeded: the person is who the address says, so the failures typed before from that client are forgotten.</summary>
    public static Task ForgetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string email, string clientIp, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "delete from directory.sign_in_throttle where email = @Email and client_ip = @ClientIp",
            new { Email = email, ClientIp = clientIp }, transaction, cancellationToken: cancellationToken));
}
