using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.SignOut;

/// <summary>
/// Ends the account's sessions server side: a new security stamp, so that a copy of the cookie (taken from the browser, a
/// proxy log, a shared computer) is refused too, not only the cookie this browser deletes. The stamp is the account's, so
/// the person's other browsers are signed out as well: « Se déconnecter » means every device.
/// </summary>
internal sealed record SignOutCommand(Guid UserId) : ICommand;

internal sealed class SignOutHandler(NpgsqlDataSource dataSource) : ICommandHandler<SignOutCommand>
{
    public async ValueTask<Unit> Handle(SignOutCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            SignedInUser.RotateSecurityStamp, new { userId = command.UserId }, cancellationToken: cancellationToken));
        return Unit.Value;
    }
}
