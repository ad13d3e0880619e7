using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Accounts.AnswerGetExpertsOfUser;

/// <summary>Lets Matching show an agent the matches of every expert they answer for (their own and their teams').</summary>
internal sealed class AnswerGetExpertsOfUserHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetExpertsOfUser, IReadOnlyList<ExpertMembership>>
{
    private const string ExpertsOf = """
        select e.id as ExpertId, e.full_name as FullName, e.is_team as IsTeam
        from directory.user_expert ue
        join directory.user_account u on u.id = ue.user_id and u.deleted_at is null
        join directory.expert e on e.id = ue.expert_id and e.deleted_at is null
        where ue.user_id = @UserId
        order by e.is_team, e.full_name collate "fr-x-icu"
        """;

    public async ValueTask<IReadOnlyList<ExpertMembership>> Handle(GetExpertsOfUser query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ExpertMembership>(
            new CommandDefinition(ExpertsOf, new { query.UserId }, cancellationToken: cancellationToken))).AsList();
    }
}
