using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.SaveSubject;

/// <summary>A subject's page: what its form edits, whether it is archived, its yes/no questions and its history.</summary>
internal sealed record SubjectDetailsQuery(string Slug) : IQuery<SubjectDetails?>;

/// <param name="IsOtherRequest">« Autre demande », where requests that fit no subject go: it cannot be archived.</param>
/// <param name="IsSupport">The team's own fallback subject, never shown to the public: it cannot be archived either.</param>
internal sealed record SubjectDetails(
    Guid Id, SubjectState State, bool Archived, bool IsOtherRequest, bool IsSupport, IReadOnlyList<QuestionRow> Questions, IReadOnlyList<AuditEntry> History);

internal sealed record QuestionRow(string Slug, string Label);

/// <summary>The themes a subject may belong to, in order.</summary>
internal sealed record ThemeChoicesQuery : IQuery<IReadOnlyList<(string Slug, string Label)>>;

internal sealed class SubjectDetailsHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<SubjectDetailsQuery, SubjectDetails?>, IQueryHandler<ThemeChoicesQuery, IReadOnlyList<(string Slug, string Label)>>
{
    private const string Details = """
        select s.id as Id, t.slug as ThemeSlug, s.label as Label, s.position as Position, s.description as Description, s.guidance as Guidance,
               s.prompt as Prompt, s.asks_commune as AsksCommune, s.asks_amount as AsksAmount, s.archived_at is not null as Archived,
               s.is_other_request as IsOtherRequest, s.is_support as IsSupport
        from directory.subject s join directory.theme t on t.id = s.theme_id
        where s.slug = @Slug;

        select q.slug as Slug, q.label as Label
        from directory.subject_question q join directory.subject s on s.id = q.subject_id
        where s.slug = @Slug
        order by q.position, q.slug;
        """;

    public async ValueTask<SubjectDetails?> Handle(SubjectDetailsQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Details, query, cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<Row>();
        var questions = (await results.ReadAsync<QuestionRow>()).AsList();
        if (row is null)
        {
            return null;
        }

        var history = await AuditLog.LatestAsync(connection, "subject", row.Id, cancellationToken);
        return new SubjectDetails(
            row.Id, new SubjectState(row.ThemeSlug, row.Label, row.Position, row.Description, row.Guidance, row.Prompt, row.AsksCommune, row.AsksAmount),
            row.Archived, row.IsOtherRequest, row.IsSupport, questions, history);
    }

    public async ValueTask<IReadOnlyList<(string Slug, string Label)>> Handle(ThemeChoicesQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "select slug, label from directory.theme order by position, label", cancellationToken: cancellationToken))).AsList();
    }

    private sealed record Row(
        Guid Id, string ThemeSlug, string Label, int Position, string? Description, string? Guidance, string? Prompt, bool AsksCommune,
        bool AsksAmount, bool Archived, bool IsOtherRequest, bool IsSupport);
}

/// <summary>
/// Archives a subject (the public site no longer offers it; requests and needs filed on it keep it) or restores it. Never
/// deleted: requests, needs and statistics point to it.
/// </summary>
internal sealed record ArchiveSubjectCommand(string Slug, bool Archived, Actor By) : ICommand<string?>;

/// <summary>Adds a yes/no question at the end of a subject's (its slug derived from its wording), or removes one.</summary>
/// <remarks>Requests keep their answers with the question's wording, so removing a question changes no past answer.</remarks>
internal sealed record ChangeQuestionCommand(string SubjectSlug, string? AddLabel, string? RemoveSlug, Actor By) : ICommand<string?>;

internal sealed class SubjectChangesHandler(NpgsqlDataSource dataSource)
    : ICommandHandler<ArchiveSubjectCommand, string?>, ICommandHandler<ChangeQuestionCommand, string?>
{
    /// <returns>Null when done, else why not (in French).</returns>
    public async ValueTask<string?> Handle(ArchiveSubjectCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subject = await connection.QuerySingleOrDefaultAsync<(Guid Id, bool Archived, bool Special)?>(new CommandDefinition(
            "select id, archived_at is not null, is_other_request or is_support from directory.subject where slug = @Slug for update",
            new { command.Slug }, transaction, cancellationToken: cancellationToken));
        if (subject is not { } found)
        {
            return "Ce sujet n’existe pas.";
        }

        if (command.Archived && found.Special)
        {
            return "Ce sujet reçoit les demandes qui n’entrent dans aucun autre : il ne peut pas être archivé.";
        }

        if (found.Archived != command.Archived)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "update directory.subject set archived_at = case when @Archived then now() end where id = @Id",
                new { command.Archived, found.Id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.RecordAsync(transaction, command.By, "subject", found.Id, command.Archived ? "Archivage" : "Restauration", null, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async ValueTask<string?> Handle(ChangeQuestionCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var subjectId = await SubjectLock.TakeAsync(connection, transaction, command.SubjectSlug, cancellationToken);
        if (subjectId is null)
        {
            return "Ce sujet n’existe pas.";
        }

        if (command.AddLabel is { } label)
        {
            label = label.Trim();
            if (label.Length is 0 or > 200)
            {
                return label.Length == 0 ? "Écrivez la question, par exemple : Avez-vous déjà un financement bancaire ?" : "La question ne doit pas dépasser 200 caractères.";
            }

            var slug = CatalogueSlug.From(label);
            if (slug.Length == 0)
            {
                return "Écrivez la question avec des lettres ou des chiffres.";
            }

            var taken = (await connection.QueryAsync<string>(new CommandDefinition(
                "select slug from directory.subject_question where subject_id = @subjectId", new { subjectId }, transaction, cancellationToken: cancellationToken))).ToHashSet();
            var unique = slug;
            for (var n = 2; taken.Contains(unique); n++)
            {
                unique = $"{slug}-{n}";
            }

            await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.subject_question (id, subject_id, slug, label, position)
                select @Id, @subjectId, @unique, @label, coalesce(max(position) + 1, 0) from directory.subject_question where subject_id = @subjectId
                """, new { Id = Guid.CreateVersion7(), subjectId, unique, label }, transaction, cancellationToken: cancellationToken));
            await AuditLog.RecordAsync(transaction, command.By, "subject", subjectId.Value, "Question ajoutée", null,
                new Dictionary<string, string> { ["Question"] = label }, cancellationToken);
        }
        else if (command.RemoveSlug is { } removed)
        {
            // The institutions that took the question's needs only on one answer (directory/0010) lose that rule with it.
            await connection.ExecuteAsync(new CommandDefinition("""
                delete from directory.question_institution_filter
                where question_id = (select id from directory.subject_question where subject_id = @subjectId and slug = @removed)
                """, new { subjectId, removed }, transaction, cancellationToken: cancellationToken));
            var removedLabel = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "delete from directory.subject_question where subject_id = @subjectId and slug = @removed returning label",
                new { subjectId, removed }, transaction, cancellationToken: cancellationToken));
            if (removedLabel is null)
            {
                return "Cette question n’existe plus : la page a été rechargée.";
            }

            await AuditLog.RecordAsync(transaction, command.By, "subject", subjectId.Value, "Question retirée",
                new Dictionary<string, string> { ["Question"] = removedLabel }, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
