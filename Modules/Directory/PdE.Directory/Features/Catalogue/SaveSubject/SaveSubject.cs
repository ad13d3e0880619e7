using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.SaveSubject;

/// <summary>
/// Creates a subject (CurrentSlug null) or edits one. Its slug is chosen once: it is in the site's addresses, in every
/// request and need filed on it and in the partner API. Public pages and the request form read the change at once (the
/// catalogue's stamp, directory/0013).
/// </summary>
internal sealed record SaveSubjectCommand(
    string? CurrentSlug, string ThemeSlug, string Label, string Slug, int Position, string? Description, string? Guidance, string? Prompt,
    bool AsksCommune, bool AsksAmount, Actor By) : ICommand<SaveResult>;

internal sealed class SubjectInput
{
    public string? ThemeSlug { get; set; }

    public string? Label { get; set; }

    public string? Slug { get; set; }

    public int Position { get; set; }

    public string? Description { get; set; }

    public string? Guidance { get; set; }

    public string? Prompt { get; set; }

    public bool AsksCommune { get; set; }

    public bool AsksAmount { get; set; }

    // An emptied field is posted as null.
    public SaveSubjectCommand ToCommand(string? currentSlug, Actor by) => new(
        currentSlug, ThemeSlug ?? "", (Label ?? "").Trim(), (Slug ?? "").Trim(), Position, Blank(Description), Blank(Guidance), Blank(Prompt), AsksCommune, AsksAmount, by);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal sealed class SaveSubjectValidator : AbstractValidator<SaveSubjectCommand>
{
    public SaveSubjectValidator()
    {
        RuleFor(c => c.ThemeSlug).NotEmpty().WithMessage("Choisissez le thème du sujet.");
        RuleFor(c => c.Label)
            .NotEmpty().WithMessage("Indiquez le titre du sujet.")
            .MaximumLength(120).WithMessage("Le titre ne doit pas dépasser 120 caractères.");
        RuleFor(c => c.Slug)
            .Must(CatalogueSlug.IsValid).WithMessage(CatalogueSlug.Rule)
            .NotEqual("nouveau").WithMessage("« nouveau » est réservé à l’adresse de cette page : choisissez un autre identifiant.")
            .When(c => c.CurrentSlug is null);
        RuleFor(c => c.Position).InclusiveBetween(0, 999).WithMessage("Indiquez un ordre entre 0 et 999.");
        RuleFor(c => c.Description).MaximumLength(600).WithMessage("La description ne doit pas dépasser 600 caractères.");
        RuleFor(c => c.Guidance).MaximumLength(2_000).WithMessage("L’aide à la rédaction ne doit pas dépasser 2 000 caractères.");
        RuleFor(c => c.Prompt).MaximumLength(2_000).WithMessage("Le texte pré-rempli ne doit pas dépasser 2 000 caractères.");
    }
}

/// <summary>A subject as its form edits it.</summary>
internal sealed record SubjectState(
    string ThemeSlug, string Label, int Position, string? Description, string? Guidance, string? Prompt, bool AsksCommune, bool AsksAmount)
{
    public Dictionary<string, string> Fields() => new()
    {
        ["Thème"] = ThemeSlug,
        ["Titre"] = Label,
        ["Ordre"] = Position.ToString(PdE.Shared.Text.French.Culture),
        ["Description"] = Description ?? "—",
        ["Aide à la rédaction"] = Guidance ?? "—",
        ["Texte pré-rempli"] = Prompt ?? "—",
        ["Demande la commune"] = AsksCommune ? "oui" : "non",
        ["Demande le montant"] = AsksAmount ? "oui" : "non",
    };
}

internal sealed class SaveSubjectHandler(NpgsqlDataSource dataSource) : ICommandHandler<SaveSubjectCommand, SaveResult>
{
    private const string Current = """
        select s.id as Id, t.slug as ThemeSlug, s.label as Label, s.position as Position, s.description as Description, s.guidance as Guidance,
               s.prompt as Prompt, s.asks_commune as AsksCommune, s.asks_amount as AsksAmount
        from directory.subject s join directory.theme t on t.id = s.theme_id
        where s.slug = @CurrentSlug
        for update of s
        """;

    public async ValueTask<SaveResult> Handle(SaveSubjectCommand command, CancellationToken cancellationToken)
    {
        var state = new SubjectState(command.ThemeSlug, command.Label, command.Position, command.Description, command.Guidance, command.Prompt,
            command.AsksCommune, command.AsksAmount);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var themeId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "select id from directory.theme where slug = @ThemeSlug", new { command.ThemeSlug }, transaction, cancellationToken: cancellationToken));
        if (themeId is null)
        {
            return SaveResult.Refused(nameof(command.ThemeSlug), "Ce thème n’existe pas : choisissez-en un dans la liste.");
        }

        var values = new
        {
            ThemeId = themeId, state.Label, state.Position, state.Description, state.Guidance, state.Prompt, state.AsksCommune, state.AsksAmount,
        };
        if (command.CurrentSlug is null)
        {
            var id = Guid.CreateVersion7();
            var inserted = await connection.ExecuteAsync(new CommandDefinition("""
                insert into directory.subject (id, theme_id, slug, label, position, description, guidance, prompt, asks_commune, asks_amount)
                values (@Id, @ThemeId, @Slug, @Label, @Position, @Description, @Guidance, @Prompt, @AsksCommune, @AsksAmount)
                on conflict (slug) do nothing
                """, new DynamicParameters(values).With(new { Id = id, command.Slug }), transaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                return SaveResult.Refused(nameof(command.Slug), $"L’identifiant « {command.Slug} » est déjà pris par un autre sujet, archivé peut-être : choisissez-en un autre.");
            }

            await AuditLog.RecordAsync(transaction, command.By, "subject", id, "Création", null, state.Fields(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new SaveResult(id);
        }

        var row = await connection.QuerySingleOrDefaultAsync<CurrentRow>(new CommandDefinition(
            Current, new { command.CurrentSlug }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return SaveResult.Refused(null, "Ce sujet n’existe pas.");
        }

        var before = row.State;
        if (before != state)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update directory.subject
                set theme_id = @ThemeId, label = @Label, position = @Position, description = @Description, guidance = @Guidance, prompt = @Prompt,
                    asks_commune = @AsksCommune, asks_amount = @AsksAmount
                where id = @Id
                """, new DynamicParameters(values).With(new { row.Id }), transaction, cancellationToken: cancellationToken));
            var (auditBefore, auditAfter) = AuditDifference.Of(before.Fields(), state.Fields());
            await AuditLog.RecordAsync(transaction, command.By, "subject", row.Id, "Modification", auditBefore, auditAfter, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(row.Id);
    }

    private sealed record CurrentRow(
        Guid Id, string ThemeSlug, string Label, int Position, string? Description, string? Guidance, string? Prompt, bool AsksCommune, bool AsksAmount)
    {
        public SubjectState State => new(ThemeSlug, Label, Position, Description, Guidance, Prompt, AsksCommune, AsksAmount);
    }
}

internal static class DynamicParametersWith
{
    public static DynamicParameters With(this DynamicParameters parameters, object more)
    {
        parameters.AddDynamicParams(more);
        return parameters;
    }
}
