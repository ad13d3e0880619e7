using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Accounts;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

/// <summary>Invites those of these accounts that belong to the institution and were never invited; returns how many.</summary>
internal sealed record InviteImportedUsersCommand(string Slug, IReadOnlyList<Guid> UserIds, Actor? By = null) : ICommand<int>;

internal sealed class InviteImportedUsersHandler(NpgsqlDataSource dataSource, TimeProvider clock, AccountLinks links)
    : ICommandHandler<InviteImportedUsersCommand, int>
{
    private const string Lock = """
        select u.id as Id, u.full_name as FullName, u.email as Email, a.name as Antenne
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.institution i on i.id = a.institution_id
        where i.slug = @Slug and u.id = any(@Ids) and u.deleted_at is null and u.password_hash is null
          and not exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation')
        order by u.full_name
        for update of u
        """;

    public async ValueTask<int> Handle(InviteImportedUsersCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var users = (await connection.QueryAsync<UninvitedUser>(new CommandDefinition(
            Lock, new { command.Slug, Ids = command.UserIds.ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
        foreach (var user in users)
        {
            await Invitations.SendAsync(transaction, links, now, user.Id, user.Email, user.FullName, cancellationToken);
        }

        await AuditLog.RecordManyAsync(transaction, command.By ?? Actor.System,
            [.. users.Select(u => new AuditChange("user", u.Id, "Invitation après import CSV", null, new { Nom = u.FullName, Adresse = u.Email }))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return users.Count;
    }
}
