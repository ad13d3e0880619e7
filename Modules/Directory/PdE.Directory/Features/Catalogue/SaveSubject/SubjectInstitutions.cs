using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.SaveSubject;

/// <summary>An institution that handles a subject (an institution subject), possibly as one of several variants.</summary>
/// <param name="Experts">Its experts who follow it: routing sends them the subject's needs.</param>
internal sealed record SubjectInstitution(Guid Id, string Institution, string? Variant, int Experts);

internal sealed record SubjectInstitutionsQuery(string Slug) : IQuery<(IReadOnlyList<SubjectInstitution> Attached, IReadOnlyList<(Guid Id, string Name)> Choices)>;

/// <summary>
/// Attaches an institution to a subject (its experts can then be given the subject on their antenne's page), or detaches
/// one none of whose experts follows it any more.
/// </summary>
internal sealed record ChangeSubjectInstitutionCommand(string SubjectSlug, Guid? AttachInstitutionId, string? Variant, Guid? DetachId, Actor By)
    : ICommand<string?>;

internal sealed class SubjectInstitutionsHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<SubjectInstitutionsQuery, (IReadOnlyList<SubjectInstitution> Attached, IReadOnlyList<(Guid Id, string Name)> Choices)>,
      ICommandHandler<ChangeSubjectInstitutionCommand, string?>
{
    private const string Attached = """
        select isub.id as Id, i.name as Institution, isub.description as Variant,
               (select count(*)::int from directory.expert_subject es join directory.expert e on e.id = es.expert_id and e.deleted_at is null
                where es.institution_subject_id = isub.id) as Experts
        from directory.institution_subject isub
        join directory.subject s on s.id = isub.subject_id
        join directory.institution i on i.id = isub.institution_id and i.deleted_at is null
        where s.slug = @Slug
        order by i.name collate "fr-x-icu", isub.description nulls first;

        select id, name from directory.institution where deleted_at is null order by name collate "fr-x-icu";
        """;

    public async ValueTask<(IReadOnlyList<SubjectInstitution> Attached, IReadOnlyList<(Guid Id, string Name)> Choices)> Handle(
        SubjectInstitutionsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Attached, query, cancellationToken: cancellationToken));
        return ((await results.ReadAsync<SubjectInstitution>()).AsList(), (await results.ReadAsync<(Guid, string)>()).AsList());
    }

    /// <returns>Null when done, else why not (in French).</returns>
    public async ValueTask<string?> Handle(ChangeSubjectInstitutionCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subjectId = await SubjectLock.TakeAsync(connection, transaction, command.SubjectSlug, cancellationToken);
        if (subjectId is null)
        {
            return "Ce sujet n’existe pas.";
        }

        if (command.AttachInstitutionId is { } institutionId)
        {
            var variant = string.IsNullOrWhiteSpace(command.Variant) ? null : command.Variant.Trim();
            if (variant is { Length: > 200 })
            {
                return "La variante ne doit pas dépasser 200 caractères.";
            }

            var name = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "select name from directory.institution where id = @institutionId and deleted_at is null", new { institutionId }, transaction,
                cancellationToken: cancellationToken));
            if (name is null)
            {
                return "Choisissez une institution dans la liste.";
            }

            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.institution_subject (id, institution_id, subject_id, description) values (@Id, @institutionId, @subjectId, @variant)
                on conflict do nothing
                """, new { Id = Guid.CreateVersion7(), institutionId, subjectId, variant }, transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                return $"{name} traite déjà ce sujet{(variant is null ? "" : $" avec la variante « {variant} »")}.";
            }

            await AuditLog.RecordAsync(transaction, command.By, "subject", subjectId.Value, "Institution rattachée", null,
                new Dictionary<string, string> { ["Institution"] = name, ["Variante"] = variant ?? "—" }, cancellationToken);
        }
        else if (command.DetachId is { } detachId)
        {
            var row = await connection.QuerySingleOrDefaultAsync<(string Name, string? Variant, int Experts)?>(new CommandDefinition("""
                select i.name, isub.description, (select count(*)::int from directory.expert_subject es where es.institution_subject_id = isub.id)
                from directory.institution_subject isub join directory.institution i on i.id = isub.institution_id
                where isub.id = @detachId and isub.subject_id = @subjectId
                for update of isub
                """, new { detachId, subjectId }, transaction, cancellationToken: cancellationToken));
            if (row is not { } found)
            {
                return "Cette institution n’est plus rattachée au sujet : la page a été rechargée.";
            }

            if (found.Experts > 0)
            {
                return $"{PdE.Shared.Text.French.Count(found.Experts, "conseiller", "conseillers")} de {found.Name} {(found.Experts == 1 ? "suit" : "suivent")} encore ce sujet : "
                    + "retirez-le-leur d’abord depuis leur antenne, dans l’annuaire.";
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "delete from directory.institution_subject where id = @detachId", new { detachId }, transaction, cancellationToken: cancellationToken));
            await AuditLog.RecordAsync(transaction, command.By, "subject", subjectId.Value, "Institution retirée",
                new Dictionary<string, string> { ["Institution"] = found.Name, ["Variante"] = found.Variant ?? "—" }, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
