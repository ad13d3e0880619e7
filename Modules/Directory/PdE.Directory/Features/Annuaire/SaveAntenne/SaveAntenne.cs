using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;
using PdE.Shared.Text;

namespace PdE.Directory.Features.Annuaire.SaveAntenne;

/// <summary>
/// Creates an antenne of an institution (AntenneId null) or edits one. Commune codes, when given, replace the antenne's
/// territory; left empty on an edit they leave it as it is (a national antenne's 35,000 codes are not retyped in a form).
/// </summary>
internal sealed record SaveAntenneCommand(
    Guid? AntenneId, string InstitutionSlug, string Name, string TerritorialLevel, Guid? ParentId, string? CommuneCodes, Actor By)
    : ICommand<SaveResult>;

internal sealed class SaveAntenneValidator : AbstractValidator<SaveAntenneCommand>
{
    public SaveAntenneValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("Indiquez le nom de l’antenne.")
            .MaximumLength(160).WithMessage("Le nom ne doit pas dépasser 160 caractères.");
        RuleFor(c => c.TerritorialLevel)
            .Must(level => TerritorialLevels.All.Contains(level)).WithMessage("Choisissez l’échelon de l’antenne.");
        RuleFor(c => c.ParentId)
            .Must((command, parent) => parent is null || parent != command.AntenneId).WithMessage("Une antenne ne peut pas être sa propre antenne parente.");
        RuleFor(c => c.CommuneCodes)
            .Must(codes => CommuneCodeList.Parse(codes).Errors.Count == 0)
            .WithMessage(c => string.Join(" ", CommuneCodeList.Parse(c.CommuneCodes).Errors));
    }
}

internal sealed class SaveAntenneHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveAntenneCommand, SaveResult>
{
    public async ValueTask<SaveResult> Handle(SaveAntenneCommand command, CancellationToken cancellationToken)
    {
        var communes = CommuneCodeList.Parse(command.CommuneCodes).Codes;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var institutionId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "select id from directory.institution where slug = @InstitutionSlug and deleted_at is null", new { command.InstitutionSlug }, transaction,
            cancellationToken: cancellationToken));
        if (institutionId is null)
        {
            return SaveResult.Refused(null, "Cette institution n’existe pas ou a été supprimée.");
        }

        var unknown = await CommuneCodeList.UnknownAsync(transaction, communes, cancellationToken);
        if (unknown.Count > 0)
        {
            return SaveResult.Refused(nameof(command.CommuneCodes), $"Codes commune inconnus : {string.Join(", ", unknown)}.");
        }

        if (command.ParentId is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from directory.antenne where id = @ParentId and institution_id = @institutionId and deleted_at is null)",
                new { command.ParentId, institutionId }, transaction, cancellationToken: cancellationToken)))
        {
            return SaveResult.Refused(nameof(command.ParentId), "Choisissez une antenne parente de la même institution.");
        }

        var name = command.Name.Trim();
        var duplicate = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            select exists (select 1 from directory.antenne where institution_id = @institutionId and lower(name collate "und-x-icu") = lower(@name collate "und-x-icu")
                           and deleted_at is null and id is distinct from @AntenneId)
            """, new { institutionId, name, command.AntenneId }, transaction, cancellationToken: cancellationToken));
        if (duplicate)
        {
            // The CSV import finds antennes by name: two with the same name would make it ambiguous.
            return SaveResult.Refused(nameof(command.Name), $"L’institution a déjà une antenne nommée « {name} ».");
        }

        var id = command.AntenneId ?? Guid.CreateVersion7();
        AntenneState? before = null;
        if (command.AntenneId is null)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.antenne (id, institution_id, name, territorial_level, parent_id) values (@id, @institutionId, @name, @TerritorialLevel, @ParentId)
                """, new { id, institutionId, name, command.TerritorialLevel, command.ParentId }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            before = await connection.QuerySingleOrDefaultAsync<AntenneState>(new CommandDefinition(
                AntenneState.Select + " for update of a", new { command.AntenneId, command.InstitutionSlug }, transaction, cancellationToken: cancellationToken));
            if (before is null)
            {
                return SaveResult.Refused(null, "Cette antenne n’existe pas ou a été supprimée.");
            }

            await connection.ExecuteAsync(new CommandDefinition("update directory.antenne set name = @name, territorial_level = @TerritorialLevel, parent_id = @ParentId where id = @id",
                new { id, name, command.TerritorialLevel, command.ParentId }, transaction, cancellationToken: cancellationToken));
        }

        var replaceCommunes = before is null || communes.Count > 0;
        if (replaceCommunes)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "delete from directory.antenne_commune where antenne_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("insert into directory.antenne_commune (antenne_id, commune_code) select @id, unnest(@codes)",
                new { id, codes = communes.ToArray() }, transaction, cancellationToken: cancellationToken));
        }

        var parentName = command.ParentId is null ? null
            : await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "select name from directory.antenne where id = @ParentId", new { command.ParentId }, transaction, cancellationToken: cancellationToken));
        var after = new AntenneState(name, command.TerritorialLevel, command.ParentId, replaceCommunes ? communes.Count : before!.Communes);
        if (before != after || replaceCommunes && before is not null)
        {
            var beforeParent = before?.ParentId is null ? null
                : await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                    "select name from directory.antenne where id = @ParentId", new { before.ParentId }, transaction, cancellationToken: cancellationToken));
            var afterFields = after.Fields(parentName);
            var (auditBefore, auditAfter) = before is null ? (null, afterFields) : AuditDifference.Of(before.Fields(beforeParent), afterFields);
            await AuditLog.RecordAsync(transaction, command.By, "antenne", id, before is null ? "Création" : "Modification", auditBefore, auditAfter, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(id);
    }
}

/// <summary>An antenne as audited: its commune list is summed up by its size, like the CSV import does.</summary>
internal sealed record AntenneState(string Name, string TerritorialLevel, Guid? ParentId, int Communes)
{
    public const string Select = """
        select a.name as Name, a.territorial_level as TerritorialLevel, a.parent_id as ParentId,
               (select count(*) from directory.antenne_commune ac where ac.antenne_id = a.id)::int as Communes
        from directory.antenne a join directory.institution i on i.id = a.institution_id
        where a.id = @AntenneId and i.slug = @InstitutionSlug and a.deleted_at is null
        """;

    public Dictionary<string, string> Fields(string? parentName) => new()
    {
        ["Nom"] = Name,
        ["Échelon"] = TerritorialLevels.Label(TerritorialLevel),
        ["Antenne parente"] = parentName ?? "aucune",
        ["Communes"] = Communes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>For a new antenne, the institution's slug; for an edit, the antenne's id (its institution follows).</summary>
internal sealed record AntenneFormQuery(string? InstitutionSlug, Guid? AntenneId) : IQuery<AntenneForm?>;

/// <summary>The institution, the antennes that can be chosen as parent, and the antenne being edited (null when creating).</summary>
internal sealed record AntenneForm(string InstitutionSlug, string InstitutionName, IReadOnlyList<(Guid Id, string Name)> Parents)
{
    public AntenneState? Current { get; init; }
}

internal sealed class AntenneFormHandler(NpgsqlDataSource dataSource) : IQueryHandler<AntenneFormQuery, AntenneForm?>
{
    public async ValueTask<AntenneForm?> Handle(AntenneFormQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var institution = await connection.QuerySingleOrDefaultAsync<(string Slug, string Name)?>(new CommandDefinition("""
            select slug, name from directory.institution
            where deleted_at is null
              and (slug = @InstitutionSlug or id = (select institution_id from directory.antenne where id = @AntenneId and deleted_at is null))
            """, new { query.InstitutionSlug, query.AntenneId }, cancellationToken: cancellationToken));
        if (institution is not { } found)
        {
            return null;
        }

        var parents = (await connection.QueryAsync<(Guid, string)>(new CommandDefinition("""
            select a.id, a.name from directory.antenne a join directory.institution i on i.id = a.institution_id
            where i.slug = @Slug and a.deleted_at is null and a.id is distinct from @AntenneId
            order by a.name collate "fr-x-icu"
            """, new { found.Slug, query.AntenneId }, cancellationToken: cancellationToken))).AsList();
        var form = new AntenneForm(found.Slug, found.Name, parents);
        if (query.AntenneId is null)
        {
            return form;
        }

        var current = await connection.QuerySingleOrDefaultAsync<AntenneState>(new CommandDefinition(
            AntenneState.Select, new { query.AntenneId, InstitutionSlug = found.Slug }, cancellationToken: cancellationToken));
        return current is null ? null : form with { Current = current };
    }
}

/// <summary>Removes an antenne from the directory (soft deletion: its history and past matches stay). Refused while people work in it.</summary>
internal sealed record DeleteAntenneCommand(Guid AntenneId, Actor By) : ICommand<SaveResult>;

internal sealed class DeleteAntenneHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<DeleteAntenneCommand, SaveResult>
{
    private const string InUse = """
        select (select count(*) from directory.expert where antenne_id = @AntenneId and deleted_at is null)::int as Experts,
               (select count(*) from directory.user_account where antenne_id = @AntenneId and deleted_at is null)::int as Users,
               (select count(*) from directory.antenne where parent_id = @AntenneId and deleted_at is null)::int as Children
        """;

    public async ValueTask<SaveResult> Handle(DeleteAntenneCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var name = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select name from directory.antenne where id = @AntenneId and deleted_at is null for update", new { command.AntenneId }, transaction,
            cancellationToken: cancellationToken));
        if (name is null)
        {
            return SaveResult.Refused(null, "Cette antenne n’existe pas ou a déjà été supprimée.");
        }

        var (experts, users, children) = await connection.QuerySingleAsync<(int, int, int)>(new CommandDefinition(
            InUse, new { command.AntenneId }, transaction, cancellationToken: cancellationToken));
        if (experts + users + children > 0)
        {
            var what = new[]
            {
                experts > 0 ? French.Count(experts, "conseiller", "conseillers") : null,
                users > 0 ? French.Count(users, "compte", "comptes") : null,
                children > 0 ? French.Count(children, "antenne rattachée", "antennes rattachées") : null,
            };
            return SaveResult.Refused(null,
                $"L’antenne compte encore {string.Join(" et ", what.Where(w => w is not null))} : déplacez-les ou supprimez-les d’abord.");
        }

        await connection.ExecuteAsync(new CommandDefinition("update directory.antenne set deleted_at = @Now where id = @AntenneId",
            new { Now = clock.GetUtcNow().UtcDateTime, command.AntenneId }, transaction, cancellationToken: cancellationToken));
        await AuditLog.RecordAsync(transaction, command.By, "antenne", command.AntenneId, "Suppression", new { Nom = name }, new { Statut = "supprimée" }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(command.AntenneId);
    }
}
