using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.AnswerGetManagedPerimeter;

/// <summary>Answers a manager's perimeter from their antenne_manager rights and the antennes' levels.</summary>
internal sealed class AnswerGetManagedPerimeterHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetManagedPerimeter, IReadOnlyList<ManagedAntenne>>
{
    private const string FindPerimeter = """
        with managed as (
            select a.id, a.institution_id, a.territorial_level
            from directory.user_role r
            join directory.user_account u on u.id = r.user_id and u.deleted_at is null
            join directory.antenne a on a.id = r.antenne_id and a.deleted_at is null
            where r.user_id = @UserId and r.role = @Manager
        ), perimeter as (
            select id from managed
            union
            select a.id from directory.antenne a join managed m on m.territorial_level = 'regional' and a.parent_id = m.id
            union
            select a.id from directory.antenne a join managed m on m.territorial_level = 'national' and a.institution_id = m.institution_id
        )
        select a.id as AntenneId, a.name as Name, coalesce(array_agg(e.id) filter (where e.id is not null), '{}') as ExpertIds
        from perimeter p
        join directory.antenne a on a.id = p.id and a.deleted_at is null
        left join directory.expert e on e.antenne_id = a.id
        group by a.id, a.name
        order by a.name collate "fr-x-icu", a.id
        """;

    // Properties, not a positional record: Dapper matches constructors by the column types Npgsql reports (System.Array here).
    private sealed class Row
    {
        public Guid AntenneId { get; init; }

        public string Name { get; init; } = "";

        public Guid[] ExpertIds { get; init; } = [];
    }

    public async ValueTask<IReadOnlyList<ManagedAntenne>> Handle(GetManagedPerimeter query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(FindPerimeter, new { query.UserId, Manager = Roles.AntenneManager }, cancellationToken: cancellationToken));
        return rows.Select(r => new ManagedAntenne(r.AntenneId, r.Name, r.ExpertIds)).ToList();
    }
}
