using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Directory.Features.Accounts.ListUsers;

/// <summary>Which accounts to list: the back-office scopes admins use to follow invitations.</summary>
internal static class UserScopes
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["tous"] = "Tous les comptes",
        ["actifs"] = "Comptes activés",
        ["invitation-en-attente"] = "Invitation envoyée, pas encore acceptée",
        ["non-invites"] = "Jamais invités",
        ["administrateurs"] = "Administrateurs",
        ["responsables"] = "Responsables d’antenne",
    };

    public const string Sql = """
        (@Scope = 'tous'
         or (@Scope = 'actifs' and u.password_hash is not null)
         or (@Scope = 'invitation-en-attente' and u.password_hash is null
             and exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation'))
         or (@Scope = 'non-invites' and u.password_hash is null
             and not exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation'))
         or (@Scope = 'administrateurs' and exists (select 1 from directory.user_role r where r.user_id = u.id and r.role = 'admin'))
         or (@Scope = 'responsables' and exists (select 1 from directory.user_role r where r.user_id = u.id and r.role = 'antenne_manager')))
        """;
}

/// <param name="Scope">One of <see cref="UserScopes.All"/>; anything else (blank, unknown) lists everyone.</param>
internal sealed record ListUsersQuery(string? Search, string? Scope, int Page) : IQuery<UserPage>;

internal sealed record UserRow(Guid Id, string FullName, string Email, string AntenneName, string InstitutionName, string State, string Roles, int Total);

internal sealed record UserPage(IReadOnlyList<UserRow> Rows, int Total, int Page, int PageCount);

internal sealed class ListUsersHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListUsersQuery, UserPage>
{
    private const int PageSize = 50;

    private static readonly string Rows = $"""
        select u.id as Id, u.full_name as FullName, u.email as Email, a.name as AntenneName, i.name as InstitutionName,
               case when u.password_hash is not null then 'Activé'
                    when exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation') then 'Invité'
                    else 'Jamais invité' end as State,
               coalesce((select string_agg(case r.role when 'admin' then 'Administrateur' else 'Responsable d’antenne' end, ', ')
                         from (select distinct role from directory.user_role where user_id = u.id) r), '') as Roles,
               count(*) over ()::int as Total
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.institution i on i.id = a.institution_id
        where u.deleted_at is null
          and {TextSearch.Contains("u.full_name || ' ' || u.email || ' ' || a.name || ' ' || i.name", "Search")}
          and {UserScopes.Sql}
        order by u.full_name collate "fr-x-icu", u.email
        limit @PageSize offset @Offset
        """;

    public async ValueTask<UserPage> Handle(ListUsersQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<UserRow>(new CommandDefinition(Rows, new
        {
            Search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim(),
            Scope = query.Scope is { } scope && UserScopes.All.ContainsKey(scope) ? scope : "tous",
            PageSize,
            Offset = (page - 1) * PageSize,
        }, cancellationToken: cancellationToken))).AsList();
        var total = rows.Count == 0 ? 0 : rows[0].Total;
        return new UserPage(rows, total, page, Math.Max(1, (total + PageSize - 1) / PageSize));
    }
}
