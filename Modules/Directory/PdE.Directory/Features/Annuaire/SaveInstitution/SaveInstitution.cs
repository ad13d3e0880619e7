using System.Text.RegularExpressions;
using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveInstitution;

/// <summary>Creates an institution (CurrentSlug null) or edits one. The slug is chosen once: it is in every URL and export of the institution.</summary>
internal sealed record SaveInstitutionCommand(string? CurrentSlug, string Name, string Slug, string? Category, bool DisplayLogo, Actor By)
    : ICommand<SaveResult>;

internal sealed partial class SaveInstitutionValidator : AbstractValidator<SaveInstitutionCommand>
{
    public SaveInstitutionValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("Indiquez le nom de l’institution.")
            .MaximumLength(160).WithMessage("Le nom ne doit pas dépasser 160 caractères.");
        RuleFor(c => c.Slug)
            .NotEmpty().WithMessage("Indiquez l’identifiant de l’institution, par exemple cci ou cma-bretagne.")
            .MaximumLength(60).WithMessage("L’identifiant ne doit pas dépasser 60 caractères.")
            .Matches(SlugPattern()).WithMessage("L’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple cma-bretagne.")
            .When(c => c.CurrentSlug is null);
        RuleFor(c => c.Category)
            .Must(category => category is null || InstitutionCategories.All.Contains(category))
            .WithMessage("Choisissez une catégorie dans la liste.");
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

internal sealed class SaveInstitutionHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveInstitutionCommand, SaveResult>
{
    public async ValueTask<SaveResult> Handle(SaveInstitutionCommand command, CancellationToken cancellationToken)
    {
        var state = new InstitutionState(command.Name.Trim(), string.IsNullOrWhiteSpace(command.Category) ? null : command.Category, command.DisplayLogo);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (command.CurrentSlug is null)
        {
            var id = Guid.CreateVersion7();
            // A deleted institution keeps its slug: old links and exports must not point at a newcomer.
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.institution (id, slug, name, category, display_logo) values (@id, @Slug, @Name, @Category, @DisplayLogo)
                on conflict (slug) do nothing
                """, new { id, command.Slug, state.Name, state.Category, state.DisplayLogo }, transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                return SaveResult.Refused(nameof(command.Slug), $"L’identifiant « {command.Slug} » est déjà pris : choisissez-en un autre.");
            }

            await AuditLog.RecordAsync(transaction, command.By, "institution", id, "Création", null, state.Fields(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new SaveResult(id);
        }

        var current = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Name, string? Category, bool DisplayLogo)?>(new CommandDefinition("""
            select id, name, category, display_logo from directory.institution where slug = @CurrentSlug and deleted_at is null for update
            """, new { command.CurrentSlug }, transaction, cancellationToken: cancellationToken));
        if (current is not { } row)
        {
            return SaveResult.Refused(null, "Cette institution n’existe pas ou a été supprimée.");
        }

        var before = new InstitutionState(row.Name, row.Category, row.DisplayLogo);
        if (before != state)
        {
            await connection.ExecuteAsync(new CommandDefinition("update directory.institution set name = @Name, category = @Category, display_logo = @DisplayLogo where id = @Id",
                new { state.Name, state.Category, state.DisplayLogo, row.Id }, transaction, cancellationToken: cancellationToken));
            var (auditBefore, auditAfter) = AuditDifference.Of(before.Fields(), state.Fields());
            await AuditLog.RecordAsync(transaction, command.By, "institution", row.Id, "Modification", auditBefore, auditAfter, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(row.Id);
    }
}

internal sealed record InstitutionState(string Name, string? Category, bool DisplayLogo)
{
    public Dictionary<string, string> Fields() => new()
    {
        ["Nom"] = Name,
        ["Catégorie"] = InstitutionCategories.Label(Category),
        ["Logo affiché"] = DisplayLogo ? "oui" : "non",
    };
}

internal sealed record InstitutionFormQuery(string Slug) : IQuery<InstitutionState?>;

internal sealed class InstitutionFormHandler(NpgsqlDataSource dataSource) : IQueryHandler<InstitutionFormQuery, InstitutionState?>
{
    public async ValueTask<InstitutionState?> Handle(InstitutionFormQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<InstitutionState>(new CommandDefinition("""
            select name as Name, category as Category, display_logo as DisplayLogo from directory.institution where slug = @Slug and deleted_at is null
            """, new { query.Slug }, cancellationToken: cancellationToken));
    }
}
