using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Accounts.AnswerGetAccountAccess;

/// <summary>
/// Lets the Host end the session of a deleted account or of a stale security stamp, and refresh the roles of one whose
/// rights changed. One query by primary key per signed-in request, no cache: a revoked session ends at its next request.
/// </summary>
internal sealed class AnswerGetAccountAccessHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetAccountAccess, AccountAccess?>
{
    public async ValueTask<AccountAccess?> Handle(GetAccountAccess query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var roles = await SignedInUser.ActiveRolesAsync(connection, query.UserId, query.SecurityStamp, cancellationToken);
        return roles is null ? null : new AccountAccess(roles);
    }
}
