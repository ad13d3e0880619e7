using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Accounts.AnswerGetAccountAccess;

/// <summary>Lets the Host end the session of a deleted account, and refresh the roles of one whose rights changed.</summary>
internal sealed class AnswerGetAccountAccessHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetAccountAccess, AccountAccess?>
{
    public async ValueTask<AccountAccess?> Handle(GetAccountAccess query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var roles = await SignedInUser.ActiveRolesAsync(connection, query.UserId);
        return roles is null ? null : new AccountAccess(roles);
    }
}
