using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.ShowUser;

internal sealed record ShowUserQuery(Guid Id) : IQuery<UserDetails?>;

internal sealed record UserDetails(
    UserHeader User, IReadOnlyList<UserExpert> Experts, IReadOnlyList<ManagedAntenne> Antennes, IReadOnlyList<AuditEntry> History);

internal sealed record UserHeader(
    Guid Id, string FullName, string Email, Guid AntenneId, string AntenneName, string InstitutionSlug, string InstitutionName,
    bool HasPassword, bool WasInvited, bool IsAdmin, DateTime? LockedUntil);

internal sealed record UserExpert(Guid Id, string FullName, bool IsTeam);

/// <summary>An antenne of the user's institution, and whether the user manages it.</summary>
internal sealed record ManagedAntenne(Guid Id, string Name, bool IsManaged);

internal sealed class ShowUserHandler(NpgsqlDataSource dataSource) : IQueryHandler<ShowUserQuery, UserDetails?>
{
    private const string Details = """
        select u.id as Id, u.full_name as FullName, u.email as Email, a.id as AntenneId, a.name as AntenneName,
               i.slug as InstitutionSlug, i.name as InstitutionName, u.password_hash is not null as HasPassword,
               exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation') as WasInvited,
               exists (select 1 from directory.user_role r where r.user_id = u.id and r.role = 'admin') as IsAdmin,
               (select max(t.blocked_until) from directory.sign_in_throttle t where t.email = lower(u.email) and t.blocked_until > now()) as LockedUntil
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.institution i on i.id = a.institution_id
        where u.id = @Id and u.deleted_at is null;

        select e.id as Id, e.full_name as FullName, e.is_team as IsTeam
        from directory.user_expert ue join directory.expert e on e.id = ue.expert_id
        where ue.user_id = @Id and e.deleted_at is null
        order by e.is_team, e.full_name collate "fr-x-icu";

        select other.id as Id, other.name as Name,
               exists (select 1 from directory.user_role r where r.user_id = @Id and r.role = @Manager and r.antenne_id = other.id) as IsManaged
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.antenne other on other.institution_id = a.institution_id and other.deleted_at is null
        where u.id = @Id
        order by other.name collate "fr-x-icu";
        """;

    public async ValueTask<UserDetails?> Handle(ShowUserQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Details, new { query.Id, Manager = Roles.AntenneManager }, cancellationToken: cancellationToken));
        var user = await results.ReadSingleOrDefaultAsync<UserHeader>();
        var experts = (await results.ReadAsync<UserExpert>()).AsList();
        var antennes = (await results.ReadAsync<ManagedAntenne>()).AsList();
        return user is null ? null : new UserDetails(user, experts, antennes, await AuditLog.LatestAsync(connection, "user", query.Id, cancellationToken));
    }
}

/// <summary>What a change of an account did: done, the account is gone, or refused because it would leave no administrator.</summary>
internal enum AccountChange
{
    Done,
    NotFound,
    LastAdmin,
}

/// <summary>The site always keeps one administrator: nobody can remove the last one's right, or delete them.</summary>
internal static class LastAdmin
{
    public const string Refusal = "C’est le dernier compte administrateur : donnez d’abord ce droit à une autre personne.";

    /// <summary>True when <paramref name="userId"/> is the only active admin (the admins are locked until the transaction ends).</summary>
    public static async Task<bool> IsAsync(NpgsqlTransaction transaction, Guid userId, CancellationToken cancellationToken)
    {
        var admins = (await transaction.Connection!.QueryAsync<Guid>(new CommandDefinition("""
            select u.id from directory.user_account u
            where u.deleted_at is null and exists (select 1 from directory.user_role r where r.user_id = u.id and r.role = 'admin')
            order by u.id
            for update of u
            """, transaction: transaction, cancellationToken: cancellationToken))).AsList();
        return admins is [var only] && only == userId;
    }
}

/// <summary>Sets the account's rights: admin or not, and which antennes of its institution it manages.</summary>
internal sealed record SetUserRightsCommand(Guid UserId, bool IsAdmin, IReadOnlyList<Guid> ManagedAntenneIds, Actor By) : ICommand<AccountChange>;

internal sealed class SetUserRightsHandler(NpgsqlDataSource dataSource) : ICommandHandler<SetUserRightsCommand, AccountChange>
{
    private const string Current = """
        select coalesce(string_agg(case when r.role = 'admin' then 'Administrateur' else 'Responsable de ' || a.name end, ', '
                                   order by r.role, a.name), 'aucun')
        from directory.user_role r left join directory.antenne a on a.id = r.antenne_id
        where r.user_id = @UserId
        """;

    // The rights themselves (antenne ids, not names), to tell whether anything changed.
    private const string CurrentKey = """
        select coalesce(string_agg(r.role || ':' || coalesce(r.antenne_id::text, ''), ',' order by r.role, r.antenne_id), '')
        from directory.user_role r where r.user_id = @UserId
        """;

    public async ValueTask<AccountChange> Handle(SetUserRightsCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from directory.user_account where id = @UserId and deleted_at is null for update)", new { command.UserId }, transaction,
            cancellationToken: cancellationToken));
        if (!exists)
        {
            return AccountChange.NotFound;
        }

        if (!command.IsAdmin && await LastAdmin.IsAsync(transaction, command.UserId, cancellationToken))
        {
            return AccountChange.LastAdmin;
        }

        var before = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            Current, new { command.UserId }, transaction, cancellationToken: cancellationToken));
        var beforeKey = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            CurrentKey, new { command.UserId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from directory.user_role where user_id = @UserId", new { command.UserId }, transaction, cancellationToken: cancellationToken));
        if (command.IsAdmin)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into directory.user_role (user_id, role) values (@UserId, @Admin)", new { command.UserId, Admin = Roles.Admin }, transaction,
                cancellationToken: cancellationToken));
        }

        // Only antennes of the account's own institution can be managed: ids from elsewhere are ignored.
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into directory.user_role (user_id, role, antenne_id)
            select @UserId, @Manager, other.id
            from directory.user_account u
            join directory.antenne a on a.id = u.antenne_id
            join directory.antenne other on other.institution_id = a.institution_id and other.deleted_at is null
            where u.id = @UserId and other.id = any(@Antennes)
            """, new { command.UserId, Manager = Roles.AntenneManager, Antennes = command.ManagedAntenneIds.ToArray() }, transaction,
            cancellationToken: cancellationToken));
        var after = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            Current, new { command.UserId }, transaction, cancellationToken: cancellationToken));
        if (before != after)
        {
            await AuditLog.RecordAsync(transaction, command.By, "user", command.UserId, "Droits modifiés", new { Droits = before }, new { Droits = after }, cancellationToken);
        }

        // Rights granted or removed end the person's sessions (a copied cookie too): they sign in again under the new rights.
        if (beforeKey != await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            CurrentKey, new { command.UserId }, transaction, cancellationToken: cancellationToken)))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SignedInUser.RotateSecurityStamp, new { userId = command.UserId }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return AccountChange.Done;
    }
}

/// <summary>
/// The account as a new cookie should describe it (roles, current security stamp): for an admin who changed their own
/// rights, so that the new stamp does not sign them out. Null for a deleted account.
/// </summary>
internal sealed record ReloadSignedInUserQuery(Guid UserId) : IQuery<SignedInUser?>;

internal sealed class ReloadSignedInUserHandler(NpgsqlDataSource dataSource) : IQueryHandler<ReloadSignedInUserQuery, SignedInUser?>
{
    public async ValueTask<SignedInUser?> Handle(ReloadSignedInUserQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var active = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from directory.user_account where id = @UserId and deleted_at is null and password_hash is not null)",
            new { query.UserId }, cancellationToken: cancellationToken));
        return active ? await SignedInUser.LoadAsync(connection, null, query.UserId, cancellationToken) : null;
    }
}

/// <summary>Deletes an account: it can no longer sign in, its name and address are erased, its personal expert too.</summary>
internal sealed record DeleteUserCommand(Guid UserId, Actor By) : ICommand<AccountChange>;

internal sealed class DeleteUserHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<DeleteUserCommand, AccountChange>
{
    public async ValueTask<AccountChange> Handle(DeleteUserCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from directory.user_account where id = @UserId and deleted_at is null for update)", new { command.UserId }, transaction,
            cancellationToken: cancellationToken));
        if (!exists)
        {
            return AccountChange.NotFound;
        }

        if (await LastAdmin.IsAsync(transaction, command.UserId, cancellationToken))
        {
            return AccountChange.LastAdmin;
        }

        // The personal expert goes with the person; teams stay, minus this member.
        var personal = (await connection.QueryAsync<Guid>(new CommandDefinition("""
            select e.id from directory.user_expert ue join directory.expert e on e.id = ue.expert_id
            where ue.user_id = @UserId and not e.is_team and e.deleted_at is null
            """, new { command.UserId }, transaction, cancellationToken: cancellationToken))).AsList();
        await Anonymisation.DeleteExpertsAsync(transaction, personal, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            delete from directory.user_expert ue using directory.expert e
            where ue.user_id = @UserId and e.id = ue.expert_id and e.is_team
            """, new { command.UserId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from directory.user_role where user_id = @UserId", new { command.UserId }, transaction, cancellationToken: cancellationToken));
        await Anonymisation.DeleteUserAsync(transaction, command.UserId, now, cancellationToken);
        await AuditLog.RecordAsync(transaction, command.By, "user", command.UserId, "Suppression",
            new { Statut = "actif" }, new { Statut = "supprimé, données personnelles effacées" }, cancellationToken);
        foreach (var expertId in personal)
        {
            await AuditLog.RecordAsync(transaction, command.By, "expert", expertId, "Suppression",
                new { Statut = "actif" }, new { Statut = "supprimé avec son compte" }, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return AccountChange.Done;
    }
}

/// <summary>Sends a new invitation link to an account that has not chosen its password (the old link stops working once one is used).</summary>
internal sealed record ResendInvitationCommand(Guid UserId, Actor By) : ICommand<bool>;

internal sealed class ResendInvitationHandler(NpgsqlDataSource dataSource, TimeProvider clock, AccountLinks links) : ICommandHandler<ResendInvitationCommand, bool>
{
    public async ValueTask<bool> Handle(ResendInvitationCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await connection.QuerySingleOrDefaultAsync<(string Email, string FullName)?>(new CommandDefinition("""
            select email, full_name from directory.user_account where id = @UserId and deleted_at is null and password_hash is null for update
            """, new { command.UserId }, transaction, cancellationToken: cancellationToken));
        if (account is not { } found)
        {
            return false;
        }

        await Invitations.SendAsync(transaction, links, clock.GetUtcNow().UtcDateTime, command.UserId, found.Email, found.FullName, cancellationToken);
        await AuditLog.RecordAsync(transaction, command.By, "user", command.UserId, "Invitation envoyée", null, new { Adresse = found.Email }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
