using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.SaveTheme;

/// <summary>Creates a theme (CurrentSlug null) or edits one; its slug is chosen once (/themes/{slug} on the public site).</summary>
internal sealed record SaveThemeCommand(string? CurrentSlug, string Label, string Slug, int Position, Actor By) : ICommand<SaveResult>;

internal sealed class ThemeInput
{
    public string? Label { get; set; }

    public string? Slug { get; set; }

    public int Position { get; set; }

    // An emptied field is posted as null.
    public SaveThemeCommand ToCommand(string? currentSlug, Actor by) => new(currentSlug, (Label ?? "").Trim(), (Slug ?? "").Trim(), Position, by);
}

internal sealed class SaveThemeValidator : AbstractValidator<SaveThemeCommand>
{
    public SaveThemeValidator()
    {
        RuleFor(c => c.Label)
            .NotEmpty().WithMessage("Indiquez le nom du thème.")
            .MaximumLength(120).WithMessage("Le nom ne doit pas dépasser 120 caractères.");
        RuleFor(c => c.Slug)
            .Must(CatalogueSlug.IsValid).WithMessage(CatalogueSlug.Rule)
            .When(c => c.CurrentSlug is null);
        RuleFor(c => c.Position)
            .InclusiveBetween(0, 999).WithMessage("Indiquez un ordre entre 0 et 999.");
    }
}

internal sealed record ThemeState(string Label, int Position)
{
    public Dictionary<string, string> Fields() => new() { ["Nom"] = Label, ["Ordre"] = Position.ToString(PdE.Shared.Text.French.Culture) };
}

internal sealed class SaveThemeHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveThemeCommand, SaveResult>
{
    public async ValueTask<SaveResult> Handle(SaveThemeCommand command, CancellationToken cancellationToken)
    {
        var state = new ThemeState(command.Label, command.Position);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (command.CurrentSlug is null)
        {
            var id = Guid.CreateVersion7();
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.theme (id, slug, label, position) values (@id, @Slug, @Label, @Position) on conflict (slug) do nothing
                """, new { id, command.Slug, state.Label, state.Position }, transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                return SaveResult.Refused(nameof(command.Slug), $"L’identifiant « {command.Slug} » est déjà pris par un autre thème : choisissez-en un autre.");
            }

            await AuditLog.RecordAsync(transaction, command.By, "theme", id, "Création", null, state.Fields(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new SaveResult(id);
        }

        var current = await connection.QuerySingleOrDefaultAsync<(Guid Id, string Label, int Position)?>(new CommandDefinition(
            "select id, label, position from directory.theme where slug = @CurrentSlug for update", new { command.CurrentSlug }, transaction,
            cancellationToken: cancellationToken));
        if (current is not { } row)
        {
            return SaveResult.Refused(null, "Ce thème n’existe pas.");
        }

        var before = new ThemeState(row.Label, row.Position);
        if (before != state)
        {
            await connection.ExecuteAsync(new CommandDefinition("update directory.theme set label = @Label, position = @Position where id = @Id",
                new { state.Label, state.Position, row.Id }, transaction, cancellationToken: cancellationToken));
            var (auditBefore, auditAfter) = AuditDifference.Of(before.Fields(), state.Fields());
            await AuditLog.RecordAsync(transaction, command.By, "theme", row.Id, "Modification", auditBefore, auditAfter, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(row.Id);
    }
}

internal sealed record ThemeFormQuery(string Slug) : IQuery<ThemeState?>;

internal sealed class ThemeFormHandler(NpgsqlDataSource dataSource) : IQueryHandler<ThemeFormQuery, ThemeState?>
{
    public async ValueTask<ThemeState?> Handle(ThemeFormQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ThemeState>(new CommandDefinition(
            "select label as Label, position as Position from directory.theme where slug = @Slug", new { query.Slug }, cancellationToken: cancellationToken));
    }
}
