using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Accounts;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.BulkEditExperts;

/// <summary>The experts ticked in an antenne's grid. Ids outside that antenne are ignored: a forged form changes nothing elsewhere.</summary>
internal sealed record ExpertSelection(Guid AntenneId, IReadOnlyList<Guid> ExpertIds, Actor By);

internal sealed record AssignSubjectToExpertsCommand(ExpertSelection Selection, Guid InstitutionSubjectId, string? Criteria) : ICommand<BulkEditResult>;

internal sealed record RemoveSubjectFromExpertsCommand(ExpertSelection Selection, Guid InstitutionSubjectId) : ICommand<BulkEditResult>;

internal enum CoverageMode
{
    Antenne,
    Communes,
    GlobalZone,
}

internal sealed record SetExpertsCoverageCommand(ExpertSelection Selection, CoverageMode Mode, string? CommuneCodes) : ICommand<BulkEditResult>;

internal sealed record MoveExpertsCommand(ExpertSelection Selection, Guid TargetAntenneId) : ICommand<BulkEditResult>;

internal sealed record DeactivateExpertsCommand(ExpertSelection Selection) : ICommand<BulkEditResult>;

internal sealed record InviteExpertsCommand(ExpertSelection Selection) : ICommand<BulkEditResult>;

/// <summary>What the agent reads after the action, in French; a refused action changes nothing.</summary>
internal sealed record BulkEditResult(bool Succeeded, string Message)
{
    public static BulkEditResult Refused(string message) => new(false, message);

    public static BulkEditResult Done(string message) => new(true, message);
}

/// <summary>The selected experts, locked for the transaction: two admins editing the same grid apply one after the other.</summary>
internal sealed record SelectedExpert(Guid Id, string FullName, bool IsTeam, bool IsGlobalZone, int OwnCommunes);

internal static class ExpertGrid
{
    public const string NothingSelected = "Sélectionnez au moins un conseiller dans le tableau.";

    private const string LockSelected = """
        select e.id as Id, e.full_name as FullName, e.is_team as IsTeam, e.is_global_zone as IsGlobalZone,
               (select count(*) from directory.expert_commune ec where ec.expert_id = e.id)::int as OwnCommunes
        from directory.expert e
        where e.antenne_id = @AntenneId and e.id = any(@ExpertIds) and e.deleted_at is null
        order by e.full_name collate "fr-x-icu"
        for update of e
        """;

    public static async Task<IReadOnlyList<SelectedExpert>> LockAsync(NpgsqlTransaction transaction, ExpertSelection selection, CancellationToken cancellationToken) =>
        (await transaction.Connection!.QueryAsync<SelectedExpert>(new CommandDefinition(
            LockSelected, new { selection.AntenneId, ExpertIds = selection.ExpertIds.ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();

    public static string Describe(int count, string singular, string plural) => count == 1 ? $"1 {singular}" : $"{count} {plural}";

    public static string Coverage(bool isGlobalZone, int ownCommunes) =>
        isGlobalZone ? "Zone globale (toute la France)"
        : ownCommunes > 0 ? ownCommunes == 1 ? "1 commune propre" : $"{ownCommunes} communes propres"
        : "Celui de l’antenne";
}

internal sealed class AssignSubjectToExpertsHandler(NpgsqlDataSource dataSource) : ICommandHandler<AssignSubjectToExpertsCommand, BulkEditResult>
{
    private const string Upsert = """
        insert into directory.expert_subject (expert_id, institution_subject_id, intervention_criteria)
        select unnest(@Ids), @InstitutionSubjectId, @Criteria
        on conflict (expert_id, institution_subject_id) do update set intervention_criteria = excluded.intervention_criteria
        """;

    public async ValueTask<BulkEditResult> Handle(AssignSubjectToExpertsCommand command, CancellationToken cancellationToken)
    {
        var criteria = string.IsNullOrWhiteSpace(command.Criteria) ? null : command.Criteria.Trim();
        if (criteria is { Length: > 500 })
        {
            return BulkEditResult.Refused("Les critères d’intervention ne doivent pas dépasser 500 caractères.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subject = await InstitutionSubjects.LabelAsync(transaction, command.Selection.AntenneId, command.InstitutionSubjectId, cancellationToken);
        if (subject is null)
        {
            return BulkEditResult.Refused("Choisissez un sujet de l’institution à ajouter.");
        }

        var experts = await ExpertGrid.LockAsync(transaction, command.Selection, cancellationToken);
        if (experts.Count == 0)
        {
            return BulkEditResult.Refused(ExpertGrid.NothingSelected);
        }

        var current = (await connection.QueryAsync<(Guid ExpertId, string? Criteria)>(new CommandDefinition("""
            select expert_id, intervention_criteria from directory.expert_subject
            where institution_subject_id = @InstitutionSubjectId and expert_id = any(@Ids)
            """, new { command.InstitutionSubjectId, Ids = experts.Select(e => e.Id).ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(row => row.ExpertId, row => row.Criteria);

        var changed = experts.Where(e => !current.TryGetValue(e.Id, out var criteriaNow) || criteriaNow != criteria).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            Upsert, new { Ids = changed.Select(e => e.Id).ToArray(), command.InstitutionSubjectId, Criteria = criteria }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordManyAsync(transaction, command.Selection.By, [.. changed.Select(expert => current.TryGetValue(expert.Id, out var previous)
            ? new AuditChange("expert", expert.Id, "Critères modifiés", new { Sujet = subject, Critères = previous ?? "—" }, new { Sujet = subject, Critères = criteria ?? "—" })
            : new AuditChange("expert", expert.Id, "Sujet ajouté", null, new { Sujet = subject, Critères = criteria ?? "—" }))], cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        var unchanged = experts.Count - changed.Count;
        return BulkEditResult.Done($"Sujet « {subject} » : {ExpertGrid.Describe(changed.Count, "conseiller mis à jour", "conseillers mis à jour")}"
            + (unchanged > 0 ? $", {ExpertGrid.Describe(unchanged, "l’avait déjà", "l’avaient déjà")}." : "."));
    }
}

internal sealed class RemoveSubjectFromExpertsHandler(NpgsqlDataSource dataSource) : ICommandHandler<RemoveSubjectFromExpertsCommand, BulkEditResult>
{
    public async ValueTask<BulkEditResult> Handle(RemoveSubjectFromExpertsCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subject = await InstitutionSubjects.LabelAsync(transaction, command.Selection.AntenneId, command.InstitutionSubjectId, cancellationToken);
        if (subject is null)
        {
            return BulkEditResult.Refused("Choisissez le sujet à retirer.");
        }

        var experts = await ExpertGrid.LockAsync(transaction, command.Selection, cancellationToken);
        if (experts.Count == 0)
        {
            return BulkEditResult.Refused(ExpertGrid.NothingSelected);
        }

        var removed = (await connection.QueryAsync<(Guid ExpertId, string? Criteria)>(new CommandDefinition("""
            delete from directory.expert_subject
            where institution_subject_id = @InstitutionSubjectId and expert_id = any(@Ids)
            returning expert_id, intervention_criteria
            """, new { command.InstitutionSubjectId, Ids = experts.Select(e => e.Id).ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
        await AuditLog.RecordManyAsync(transaction, command.Selection.By,
            [.. removed.Select(row => new AuditChange("expert", row.ExpertId, "Sujet retiré", new { Sujet = subject, Critères = row.Criteria ?? "—" }, null))], cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return BulkEditResult.Done($"Sujet « {subject} » retiré à {ExpertGrid.Describe(removed.Count, "conseiller", "conseillers")}.");
    }
}

internal sealed class SetExpertsCoverageHandler(NpgsqlDataSource dataSource) : ICommandHandler<SetExpertsCoverageCommand, BulkEditResult>
{
    public async ValueTask<BulkEditResult> Handle(SetExpertsCoverageCommand command, CancellationToken cancellationToken)
    {
        var communes = CommuneCodeList.Parse(command.CommuneCodes);
        if (command.Mode == CoverageMode.Communes)
        {
            if (communes.Errors.Count > 0)
            {
                return BulkEditResult.Refused(string.Join(" ", communes.Errors));
            }

            if (communes.Codes.Count == 0)
            {
                return BulkEditResult.Refused("Indiquez les codes INSEE des communes couvertes, séparés par des espaces ou des virgules.");
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var codes = command.Mode == CoverageMode.Communes ? communes.Codes.ToArray() : [];
        var unknown = await CommuneCodeList.UnknownAsync(transaction, codes, cancellationToken);
        if (unknown.Count > 0)
        {
            return BulkEditResult.Refused($"Codes commune inconnus : {string.Join(", ", unknown)}. Rien n’a été modifié.");
        }

        var experts = await ExpertGrid.LockAsync(transaction, command.Selection, cancellationToken);
        if (experts.Count == 0)
        {
            return BulkEditResult.Refused(ExpertGrid.NothingSelected);
        }

        var ids = experts.Select(e => e.Id).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from directory.expert_commune where expert_id = any(@Ids)", new { Ids = ids }, transaction, cancellationToken: cancellationToken));
        if (codes.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.expert_commune (expert_id, commune_code)
                select expert_id, commune_code from unnest(@Ids) as expert_id cross join unnest(@Codes) as commune_code
                """, new { Ids = ids, Codes = codes }, transaction, cancellationToken: cancellationToken));
        }

        var isGlobalZone = command.Mode == CoverageMode.GlobalZone;
        await connection.ExecuteAsync(new CommandDefinition(
            "update directory.expert set is_global_zone = @isGlobalZone where id = any(@Ids)", new { isGlobalZone, Ids = ids }, transaction,
            cancellationToken: cancellationToken));

        var after = ExpertGrid.Coverage(isGlobalZone, codes.Length);
        // Same description can hide a different commune list: every explicit commune list is recorded.
        await AuditLog.RecordManyAsync(transaction, command.Selection.By, [.. experts
            .Select(expert => (expert.Id, Before: ExpertGrid.Coverage(expert.IsGlobalZone, expert.OwnCommunes)))
            .Where(expert => expert.Before != after || codes.Length > 0)
            .Select(expert => new AuditChange("expert", expert.Id, "Territoire modifié", new { Territoire = expert.Before }, new { Territoire = after }))], cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        var warnings = communes.Warnings.Count > 0 && command.Mode == CoverageMode.Communes ? " " + string.Join(" ", communes.Warnings) : "";
        return BulkEditResult.Done($"Territoire « {after} » appliqué à {ExpertGrid.Describe(experts.Count, "conseiller", "conseillers")}.{warnings}");
    }
}

internal sealed class MoveExpertsHandler(NpgsqlDataSource dataSource) : ICommandHandler<MoveExpertsCommand, BulkEditResult>
{
    public async ValueTask<BulkEditResult> Handle(MoveExpertsCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Experts only move within their institution: their subjects are the institution's.
        var names = await connection.QuerySingleOrDefaultAsync<(string From, string To)?>(new CommandDefinition("""
            select source.name, target.name
            from directory.antenne source
            join directory.antenne target on target.institution_id = source.institution_id
            where source.id = @From and target.id = @To and target.id <> source.id and target.deleted_at is null
            """, new { From = command.Selection.AntenneId, To = command.TargetAntenneId }, transaction, cancellationToken: cancellationToken));
        if (names is not { } antennes)
        {
            return BulkEditResult.Refused("Choisissez une autre antenne de la même institution.");
        }

        var experts = await ExpertGrid.LockAsync(transaction, command.Selection, cancellationToken);
        if (experts.Count == 0)
        {
            return BulkEditResult.Refused(ExpertGrid.NothingSelected);
        }

        var ids = experts.Select(e => e.Id).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "update directory.expert set antenne_id = @To where id = any(@Ids)", new { To = command.TargetAntenneId, Ids = ids }, transaction,
            cancellationToken: cancellationToken));
        // A person's account belongs to the antenne of their personal expert: they move together. Team members stay where they are.
        await connection.ExecuteAsync(new CommandDefinition("""
            update directory.user_account u set antenne_id = @To
            from directory.user_expert ue join directory.expert e on e.id = ue.expert_id
            where ue.user_id = u.id and e.id = any(@Ids) and not e.is_team and u.deleted_at is null
            """, new { To = command.TargetAntenneId, Ids = ids }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordManyAsync(transaction, command.Selection.By,
            [.. experts.Select(expert => new AuditChange("expert", expert.Id, "Changement d’antenne", new { Antenne = antennes.From }, new { Antenne = antennes.To }))], cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return BulkEditResult.Done($"{ExpertGrid.Describe(experts.Count, "conseiller déplacé", "conseillers déplacés")} vers « {antennes.To} ».");
    }
}

internal sealed class DeactivateExpertsHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<DeactivateExpertsCommand, BulkEditResult>
{
    public async ValueTask<BulkEditResult> Handle(DeactivateExpertsCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var experts = await ExpertGrid.LockAsync(transaction, command.Selection, cancellationToken);
        if (experts.Count == 0)
        {
            return BulkEditResult.Refused(ExpertGrid.NothingSelected);
        }

        await Anonymisation.DeleteExpertsAsync(transaction, [.. experts.Select(e => e.Id)], clock.GetUtcNow().UtcDateTime, cancellationToken);
        // The log keeps no personal data either: a person is recorded as anonymised, a team by its name.
        await AuditLog.RecordManyAsync(transaction, command.Selection.By, [.. experts.Select(expert => new AuditChange("expert", expert.Id, "Suppression",
            new { Statut = "actif" }, new { Statut = expert.IsTeam ? $"supprimée (équipe {expert.FullName})" : "supprimé, données personnelles effacées" }))], cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return BulkEditResult.Done($"{ExpertGrid.Describe(experts.Count, "conseiller supprimé", "conseillers supprimés")}.");
    }
}

internal static class InstitutionSubjects
{
    /// <summary>"Financement – Prêt d'honneur" for a subject of the antenne's own institution; null for any other.</summary>
    public static Task<string?> LabelAsync(NpgsqlTransaction transaction, Guid antenneId, Guid institutionSubjectId, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select s.label || coalesce(' – ' || isub.description, '')
            from directory.institution_subject isub
            join directory.subject s on s.id = isub.subject_id
            join directory.antenne a on a.institution_id = isub.institution_id
            where isub.id = @institutionSubjectId and a.id = @antenneId
            """, new { antenneId, institutionSubjectId }, transaction, cancellationToken: cancellationToken));
}

/// <summary>
/// Sends the invitation e-mail to the accounts behind the ticked experts that have not chosen a password yet. A person
/// without an account gets one (same name and address, in the antenne); an existing account with the same address is
/// linked instead. A team is invited through its members' accounts.
/// </summary>
internal sealed class InviteExpertsHandler(NpgsqlDataSource dataSource, TimeProvider clock, AccountLinks links)
    : ICommandHandler<InviteExpertsCommand, BulkEditResult>
{
    private const string CreateMissingAccounts = """
        with persons as (
            select e.id as expert_id, e.antenne_id, e.full_name, lower(e.email) as email
            from directory.expert e
            where e.id = any(@Ids) and not e.is_team
              and not exists (select 1 from directory.user_expert ue join directory.user_account u on u.id = ue.user_id
                              where ue.expert_id = e.id and u.deleted_at is null)
        ),
        created as (
            insert into directory.user_account (id, antenne_id, full_name, email)
            select gen_random_uuid(), p.antenne_id, p.full_name, p.email from persons p
            where not exists (select 1 from directory.user_account u where lower(u.email) = p.email and u.deleted_at is null)
            on conflict do nothing
            returning id, email
        )
        insert into directory.user_expert (user_id, expert_id)
        select coalesce(c.id, u.id), p.expert_id
        from persons p
        left join created c on c.email = p.email
        left join directory.user_account u on lower(u.email) = p.email and u.deleted_at is null
        where coalesce(c.id, u.id) is not null
        on conflict do nothing
        """;

    private const string AccountsToInvite = """
        select distinct u.id as Id, u.email as Email, u.full_name as FullName
        from directory.user_expert ue join directory.user_account u on u.id = ue.user_id
        where ue.expert_id = any(@Ids) and u.deleted_at is null and u.password_hash is null
        """;

    public async ValueTask<BulkEditResult> Handle(InviteExpertsCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var experts = await ExpertGrid.LockAsync(transaction, command.Selection, cancellationToken);
        if (experts.Count == 0)
        {
            return BulkEditResult.Refused(ExpertGrid.NothingSelected);
        }

        var ids = experts.Select(e => e.Id).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(CreateMissingAccounts, new { Ids = ids }, transaction, cancellationToken: cancellationToken));
        var accounts = (await connection.QueryAsync<(Guid Id, string Email, string FullName)>(new CommandDefinition(
            AccountsToInvite, new { Ids = ids }, transaction, cancellationToken: cancellationToken))).AsList();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in accounts)
        {
            await Invitations.SendAsync(transaction, links, now, account.Id, account.Email, account.FullName, cancellationToken);
        }

        await AuditLog.RecordManyAsync(transaction, command.Selection.By,
            [.. accounts.Select(a => new AuditChange("user", a.Id, "Invitation envoyée", null, new { Adresse = a.Email }))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return accounts.Count == 0
            ? BulkEditResult.Done("Aucune invitation à envoyer : les comptes de ces conseillers sont déjà activés (ou ce sont des équipes sans membre).")
            : BulkEditResult.Done($"{ExpertGrid.Describe(accounts.Count, "invitation envoyée", "invitations envoyées")} : chaque personne reçoit un lien valable 7 jours.");
    }
}
