using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Accounts.AnswerGetAgentContacts;

/// <summary>Gives Matching the names and addresses of agents who took part in a need's discussion, so it can write to them.</summary>
internal sealed class AnswerGetAgentContactsHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetAgentContacts, IReadOnlyList<AgentContact>>
{
    private const string Contacts = """
        select id as UserId, full_name as FullName, email as Email
        from directory.user_account
        where id = any(@UserIds) and deleted_at is null
        order by full_name collate "fr-x-icu", id
        """;

    public async ValueTask<IReadOnlyList<AgentContact>> Handle(GetAgentContacts query, CancellationToken cancellationToken)
    {
        if (query.UserIds.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AgentContact>(
            new CommandDefinition(Contacts, new { UserIds = query.UserIds.Distinct().ToArray() }, cancellationToken: cancellationToken))).AsList();
    }
}
