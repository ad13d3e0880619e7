using PdE.Shared.Validation;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Accounts.InviteUser;

/// <param name="ManagedAntenneIds">Antennes the account manages (antenne manager role).</param>
/// <param name="ExpertIds">Experts (people or teams) the account answers for.</param>
internal sealed record InviteUserCommand(
    string FullName,
    string Email,
    Guid AntenneId,
    bool IsAdmin,
    IReadOnlyList<Guid> ManagedAntenneIds,
    IReadOnlyList<Guid> ExpertIds,
    Actor? By = null,
    bool CreatePersonalExpert = false) : ICommand<InviteUserResult>;

/// <summary>Either the new account, or why it was refused (a French message).</summary>
internal sealed record InviteUserResult(Guid? UserId, string? Error);

internal sealed class InviteUserValidator : AbstractValidator<InviteUserCommand>
{
    public InviteUserValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.FullName)
            .NotEmpty().WithMessage("Indiquez les prénom et nom de la personne.")
            .MaximumLength(120).WithMessage("Les prénom et nom ne doivent pas dépasser 120 caractères.");
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Indiquez l’adresse électronique de la personne.")
            .MaximumLength(254).WithMessage("L’adresse électronique ne doit pas dépasser 254 caractères.")
            .ValidEmail();
        RuleFor(c => c.AntenneId).NotEmpty().WithMessage("Choisissez l’antenne de la personne.");
    }
}

internal sealed class InviteUserHandler(NpgsqlDataSource dataSource, TimeProvider clock, AccountLinks links)
    : ICommandHandler<InviteUserCommand, InviteUserResult>
{
    private const string InsertUser = """
        insert into directory.user_account (id, antenne_id, full_name, email, created_at)
        select @Id, a.id, @FullName, @Email, @Now from directory.antenne a where a.id = @AntenneId and a.deleted_at is null
        on conflict do nothing
        """;

    public async ValueTask<InviteUserResult> Handle(InviteUserCommand command, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from directory.user_account where lower(email) = lower(@Email) and deleted_at is null)",
            new { command.Email }, transaction, cancellationToken: cancellationToken));
        if (exists)
        {
            return new InviteUserResult(null, "Un compte existe déjà avec cette adresse électronique.");
        }

        // "on conflict do nothing" covers a concurrent invitation of the same address: no row, same refusal.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            InsertUser, new { Id = id, command.FullName, command.Email, command.AntenneId, Now = now }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return new InviteUserResult(null, "Cette antenne n’existe pas ou un compte existe déjà avec cette adresse électronique.");
        }

        if (command.IsAdmin)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "insert into directory.user_role (user_id, role) values (@id, @role)", new { id, role = Roles.Admin }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into directory.user_role (user_id, role, antenne_id) select @id, @role, unnest(@antennes) on conflict do nothing
            """, new { id, role = Roles.AntenneManager, antennes = command.ManagedAntenneIds.ToArray() }, transaction, cancellationToken: cancellationToken));
        var experts = command.ExpertIds.ToList();
        if (command.CreatePersonalExpert)
        {
            // The advisor's own entry in the directory, in their antenne: subjects are given to it afterwards.
            var expertId = Guid.CreateVersion7();
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.expert (id, antenne_id, full_name, email) values (@expertId, @AntenneId, @FullName, lower(@Email))
                """, new { expertId, command.AntenneId, command.FullName, command.Email }, transaction, cancellationToken: cancellationToken));
            experts.Add(expertId);
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            insert into directory.user_expert (user_id, expert_id) select @id, unnest(@experts) on conflict do nothing
            """, new { id, experts = experts.ToArray() }, transaction, cancellationToken: cancellationToken));

        await AuditLog.RecordAsync(transaction, command.By ?? Actor.System, "user", id, "Invitation", null, new
        {
            Nom = command.FullName,
            Adresse = command.Email,
            Administrateur = command.IsAdmin ? "oui" : "non",
            AntennesGérées = command.ManagedAntenneIds.Count,
            Experts = experts.Count,
        }, cancellationToken);

        await Invitations.SendAsync(transaction, links, now, id, command.Email, command.FullName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new InviteUserResult(id, null);
    }
}

internal sealed record ListAntennesForInvitationQuery : IQuery<IReadOnlyList<AntenneOption>>;

internal sealed record AntenneOption(Guid Id, string Label);

internal sealed class ListAntennesForInvitationHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<ListAntennesForInvitationQuery, IReadOnlyList<AntenneOption>>
{
    public async ValueTask<IReadOnlyList<AntenneOption>> Handle(ListAntennesForInvitationQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AntenneOption>(new CommandDefinition("""
            select a.id, i.name || ' – ' || a.name as label
            from directory.antenne a join directory.institution i on i.id = a.institution_id
            where a.deleted_at is null and i.deleted_at is null
            order by i.name, a.name
            """, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
