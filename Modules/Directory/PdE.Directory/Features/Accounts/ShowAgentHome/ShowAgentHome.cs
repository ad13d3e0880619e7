using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Accounts.ShowAgentHome;

internal sealed record ShowAgentHomeQuery(Guid UserId) : IQuery<AgentHome?>;

internal sealed record AgentHome(string FullName, string AntenneName, string InstitutionName);

internal sealed class ShowAgentHomeHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowAgentHomeQuery, AgentHome?>
{
    private const string LoadHome = """
        select u.full_name as FullName, a.name as AntenneName, i.name as InstitutionName
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.institution i on i.id = a.institution_id
        where u.id = @UserId and u.deleted_at is null
        """;

    public async ValueTask<AgentHome?> Handle(ShowAgentHomeQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgentHome>(new CommandDefinition(LoadHome, new { query.UserId }, cancellationToken: cancellationToken));
    }
}
