using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.SaveExpert;

/// <summary>Creates an expert in an antenne (ExpertId null) or edits one. Own communes replace the antenne's territory when given.</summary>
internal sealed record SaveExpertCommand(
    Guid? ExpertId, Guid AntenneId, string FullName, string Email, string? Phone, string? JobTitle, bool IsTeam, bool IsGlobalZone,
    string? CommuneCodes, Actor By) : ICommand<SaveResult>;

internal sealed class SaveExpertValidator : AbstractValidator<SaveExpertCommand>
{
    public SaveExpertValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.FullName)
            .NotEmpty().WithMessage("Indiquez le nom du conseiller ou de l’équipe.")
            .MaximumLength(120).WithMessage("Le nom ne doit pas dépasser 120 caractères.");
        RuleFor(c => c.Email)
            .NotEmpty().WithMessage("Indiquez l’adresse électronique où envoyer les demandes.")
            .MaximumLength(254).WithMessage("L’adresse électronique ne doit pas dépasser 254 caractères.")
            .ValidEmail();
        RuleFor(c => c.Phone)
            .Must(phone => PhoneNumber.IsValid(PhoneNumber.Normalize(phone)))
            .When(c => !string.IsNullOrWhiteSpace(c.Phone))
            .WithMessage("Indiquez un numéro de téléphone valide, par exemple 01 22 33 44 55.");
        RuleFor(c => c.JobTitle).MaximumLength(120).WithMessage("La fonction ne doit pas dépasser 120 caractères.");
        RuleFor(c => c.CommuneCodes)
            .Must(codes => CommuneCodeList.Parse(codes).Errors.Count == 0)
            .WithMessage(c => string.Join(" ", CommuneCodeList.Parse(c.CommuneCodes).Errors));
    }
}

internal sealed class SaveExpertHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveExpertCommand, SaveResult>
{
    private const string Insert = """
        insert into directory.expert (id, antenne_id, full_name, email, phone, job_title, is_team, is_global_zone)
        select @Id, a.id, @FullName, @Email, @Phone, @JobTitle, @IsTeam, @IsGlobalZone
        from directory.antenne a where a.id = @AntenneId and a.deleted_at is null
        """;

    private const string Update = """
        update directory.expert
        set full_name = @FullName, email = @Email, phone = @Phone, job_title = @JobTitle, is_team = @IsTeam, is_global_zone = @IsGlobalZone
        where id = @Id
        """;

    public async ValueTask<SaveResult> Handle(SaveExpertCommand command, CancellationToken cancellationToken)
    {
        var communes = CommuneCodeList.Parse(command.CommuneCodes).Codes.ToArray();
        var state = new ExpertState(
            command.FullName.Trim(), command.Email.Trim().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(command.Phone) ? null : PhoneNumber.Normalize(command.Phone),
            string.IsNullOrWhiteSpace(command.JobTitle) ? null : command.JobTitle.Trim(),
            command.IsTeam, command.IsGlobalZone, string.Join(' ', communes));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var unknown = await CommuneCodeList.UnknownAsync(transaction, communes, cancellationToken);
        if (unknown.Count > 0)
        {
            return SaveResult.Refused(nameof(command.CommuneCodes), $"Codes commune inconnus : {string.Join(", ", unknown)}.");
        }

        var id = command.ExpertId ?? Guid.CreateVersion7();
        ExpertState? before = null;
        if (command.ExpertId is null)
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                Insert, Parameters(id, command.AntenneId, state), transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                return SaveResult.Refused(null, "Cette antenne n’existe pas ou a été supprimée.");
            }
        }
        else
        {
            before = await connection.QuerySingleOrDefaultAsync<ExpertState>(new CommandDefinition(
                ExpertState.Select + " for update", new { command.ExpertId }, transaction, cancellationToken: cancellationToken));
            if (before is null)
            {
                return SaveResult.Refused(null, "Ce conseiller n’existe pas ou a été supprimé.");
            }

            if (before == state)
            {
                return new SaveResult(id);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                Update, Parameters(id, command.AntenneId, state), transaction, cancellationToken: cancellationToken));
        }

        if (before?.Communes != state.Communes)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "delete from directory.expert_commune where expert_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.expert_commune (expert_id, commune_code) select @id, unnest(@communes)
                """, new { id, communes }, transaction, cancellationToken: cancellationToken));
        }

        var (auditBefore, auditAfter) = ExpertState.Difference(before, state);
        await AuditLog.RecordAsync(transaction, command.By, "expert", id, before is null ? "Création" : "Modification", auditBefore, auditAfter, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(id);
    }

    private static object Parameters(Guid id, Guid antenneId, ExpertState state) => new
    {
        Id = id, AntenneId = antenneId, state.FullName, state.Email, state.Phone, state.JobTitle, state.IsTeam, state.IsGlobalZone,
    };
}

/// <summary>What an admin edits on an expert, as compared and audited. Communes: sorted codes separated by spaces.</summary>
internal sealed record ExpertState(string FullName, string Email, string? Phone, string? JobTitle, bool IsTeam, bool IsGlobalZone, string Communes)
{
    public const string Select = """
        select full_name as FullName, email as Email, phone as Phone, job_title as JobTitle, is_team as IsTeam, is_global_zone as IsGlobalZone,
               coalesce((select string_agg(commune_code, ' ' order by commune_code) from directory.expert_commune where expert_id = e.id), '') as Communes
        from directory.expert e
        where id = @ExpertId and deleted_at is null
        """;

    /// <summary>The audit entry's before/after: everything on creation, only the fields that changed on an edit.</summary>
    public static (Dictionary<string, string>? Before, Dictionary<string, string> After) Difference(ExpertState? before, ExpertState after) =>
        before is null ? (null, Fields(after)) : AuditDifference.Of(Fields(before), Fields(after));

    private static Dictionary<string, string> Fields(ExpertState state) => new()
    {
        ["Nom"] = state.FullName,
        ["Adresse"] = state.Email,
        ["Téléphone"] = state.Phone ?? "—",
        ["Fonction"] = state.JobTitle ?? "—",
        ["Équipe"] = state.IsTeam ? "oui" : "non",
        ["Zone globale"] = state.IsGlobalZone ? "oui" : "non",
        ["Communes propres"] = state.Communes.Length == 0 ? "aucune" : state.Communes.Count(c => c == ' ') + 1 <= 10
            ? state.Communes : $"{state.Communes.Count(c => c == ' ') + 1} communes",
    };
}

/// <summary>What the create and edit forms show around the fields: where the expert belongs, and its current values.</summary>
internal sealed record ExpertFormContextQuery(Guid? AntenneId, Guid? ExpertId) : IQuery<ExpertFormContext?>;

internal sealed record ExpertFormContext(Guid AntenneId, string AntenneName, string InstitutionSlug, string InstitutionName)
{
    /// <summary>Null when creating.</summary>
    public ExpertState? Current { get; init; }
}

internal sealed class ExpertFormContextHandler(NpgsqlDataSource dataSource) : IQueryHandler<ExpertFormContextQuery, ExpertFormContext?>
{
    private const string Context = """
        select a.id as AntenneId, a.name as AntenneName, i.slug as InstitutionSlug, i.name as InstitutionName
        from directory.antenne a join directory.institution i on i.id = a.institution_id
        where a.deleted_at is null
          and a.id = coalesce(@AntenneId, (select antenne_id from directory.expert where id = @ExpertId and deleted_at is null))
        """;

    public async ValueTask<ExpertFormContext?> Handle(ExpertFormContextQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var context = await connection.QuerySingleOrDefaultAsync<ExpertFormContext>(new CommandDefinition(
            Context, new { query.AntenneId, query.ExpertId }, cancellationToken: cancellationToken));
        if (context is null || query.ExpertId is null)
        {
            return context;
        }

        var current = await connection.QuerySingleOrDefaultAsync<ExpertState>(new CommandDefinition(
            ExpertState.Select, new { query.ExpertId }, cancellationToken: cancellationToken));
        return current is null ? null : context with { Current = current };
    }
}
