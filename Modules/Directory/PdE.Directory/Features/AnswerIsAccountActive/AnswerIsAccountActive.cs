using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.AnswerIsAccountActive;

/// <summary>Lets the Host end the session of an account deleted after it signed in (a primary-key lookup).</summary>
internal sealed class AnswerIsAccountActiveHandler(NpgsqlDataSource dataSource) : IQueryHandler<IsAccountActive, bool>
{
    private const string IsActive = """
        select exists (select 1 from directory.user_account where id = @UserId and deleted_at is null and password_hash is not null)
        """;

    public async ValueTask<bool> Handle(IsAccountActive query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(IsActive, new { query.UserId }, cancellationToken: cancellationToken));
    }
}
