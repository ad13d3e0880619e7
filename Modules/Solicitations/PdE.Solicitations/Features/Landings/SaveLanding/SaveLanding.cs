using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.Landings.SaveLanding;

/// <summary>The partner's logo: a new one, or none any more, or unchanged (both empty).</summary>
internal sealed record LogoChange(byte[]? Content, bool Remove);

/// <summary>Creates a landing (CurrentSlug null) or edits one; its slug is chosen once (requests name it).</summary>
internal sealed record SaveLandingCommand(
    string? CurrentSlug, string Slug, string Title, string Intro, string? Partner, string Embed, IReadOnlyList<string> ThemeSlugs,
    string? SubjectSlug, IReadOnlyList<string> Origins, LogoChange Logo) : ICommand<SaveLandingResult>;

/// <param name="Field">The field a refusal is about (« Slug »), null for the whole form.</param>
internal sealed record SaveLandingResult(string? Slug, string? Field = null, string? Error = null);

internal sealed class SaveLandingValidator : AbstractValidator<SaveLandingCommand>
{
    public SaveLandingValidator()
    {
        RuleFor(c => c.Slug)
            .Must(LandingRules.IsValidSlug).WithMessage(LandingRules.SlugRule)
            // /admin/parcours/nouveau is the form of a new page.
            .NotEqual("nouveau").WithMessage("L’identifiant « nouveau » est réservé : choisissez-en un autre.")
            .When(c => c.CurrentSlug is null);
        RuleFor(c => c.Title)
            .NotEmpty().WithMessage("Indiquez le titre de la page.")
            .MaximumLength(120).WithMessage("Le titre ne doit pas dépasser 120 caractères.");
        RuleFor(c => c.Intro)
            .NotEmpty().WithMessage("Indiquez le texte d’introduction.")
            .MaximumLength(600).WithMessage("L’introduction ne doit pas dépasser 600 caractères.");
        RuleFor(c => c.Partner).MaximumLength(120).WithMessage("Le nom du partenaire ne doit pas dépasser 120 caractères.");
        RuleFor(c => c.Embed)
            .Must(e => LandingEmbed.All.Any(a => a.Value == e)).WithMessage("Choisissez ce que la page propose.");
        RuleFor(c => c.ThemeSlugs)
            .NotEmpty().WithMessage("Cochez au moins un thème, ou choisissez « Tout le catalogue ».")
            .When(c => c.Embed == LandingEmbed.Themes);
        RuleFor(c => c.SubjectSlug)
            .NotEmpty().WithMessage("Choisissez le sujet que la page propose.")
            .When(c => c.Embed == LandingEmbed.Subject);
        // One message for the field (not one per line, under « Origins[2] »): the first origin that is not one.
        RuleFor(c => c.Origins).Custom((origins, context) =>
        {
            if (origins.Count > LandingRules.MaxOrigins)
            {
                context.AddFailure(nameof(SaveLandingCommand.Origins), $"Indiquez au plus {LandingRules.MaxOrigins} sites.");
            }
            else if (origins.FirstOrDefault(o => LandingRules.Origin(o) is null) is { } wrong)
            {
                context.AddFailure(nameof(SaveLandingCommand.Origins),
                    $"« {wrong} » n’est pas l’adresse d’un site : indiquez-la sous la forme https://www.partenaire.fr, sans chemin après le nom du site.");
            }
        });
        RuleFor(c => c.Logo.Content)
            .Must(c => c is null || LandingRules.ImageType(c) is not null).WithMessage("Le logo doit être une image PNG ou JPEG.")
            .Must(c => c is null || c.Length <= LandingRules.MaxLogoBytes).WithMessage($"Le logo pèse plus de {LandingRules.MaxLogoBytes / 1024} Ko : envoyez une image plus légère.")
            .OverridePropertyName("Logo");
    }
}

internal sealed class SaveLandingHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<SaveLandingCommand, SaveLandingResult>
{
    private const string Insert = """
        insert into solicitations.landing (id, slug, title, intro, partner, embed, subject_slug, allowed_origins, logo, logo_type, updated_at)
        values (@Id, @Slug, @Title, @Intro, @Partner, @Embed, @SubjectSlug, @Origins, @Logo, @LogoType, @Now)
        on conflict (slug) do nothing
        """;

    private const string Update = """
        update solicitations.landing set title = @Title, intro = @Intro, partner = @Partner, embed = @Embed, subject_slug = @SubjectSlug,
               allowed_origins = @Origins, updated_at = @Now,
               logo = case when @RemoveLogo then null when @Logo::bytea is not null then @Logo else logo end,
               logo_type = case when @RemoveLogo then null when @Logo::bytea is not null then @LogoType else logo_type end
        where slug = @CurrentSlug
        returning id
        """;

    private const string ReplaceThemes = """
        delete from solicitations.landing_theme where landing_id = @Id;
        insert into solicitations.landing_theme (landing_id, theme_slug, position) select @Id, t.slug, t.position - 1
        from unnest(@ThemeSlugs::text[]) with ordinality as t(slug, position);
        """;

    public async ValueTask<SaveLandingResult> Handle(SaveLandingCommand command, CancellationToken cancellationToken)
    {
        var themes = command.Embed == LandingEmbed.Themes ? command.ThemeSlugs.Distinct().ToArray() : [];
        var parameters = new
        {
            Id = Guid.CreateVersion7(),
            command.CurrentSlug,
            command.Slug,
            command.Title,
            command.Intro,
            Partner = string.IsNullOrWhiteSpace(command.Partner) ? null : command.Partner,
            command.Embed,
            SubjectSlug = command.Embed == LandingEmbed.Subject ? command.SubjectSlug : null,
            Origins = command.Origins.Select(o => LandingRules.Origin(o)!).Distinct().ToArray(),
            Logo = command.Logo.Content,
            LogoType = command.Logo.Content is { } logo ? LandingRules.ImageType(logo) : null,
            RemoveLogo = command.Logo.Remove && command.Logo.Content is null,
            Now = clock.GetUtcNow(),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid id;
        if (command.CurrentSlug is null)
        {
            if (await connection.ExecuteAsync(new CommandDefinition(Insert, parameters, transaction, cancellationToken: cancellationToken)) == 0)
            {
                return new SaveLandingResult(null, nameof(command.Slug), $"L’identifiant « {command.Slug} » est déjà pris par une autre page : choisissez-en un autre.");
            }

            id = parameters.Id;
        }
        else if (await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Update, parameters, transaction, cancellationToken: cancellationToken)) is { } updated)
        {
            id = updated;
        }
        else
        {
            return new SaveLandingResult(null, null, "Cette page n’existe pas.");
        }

        await connection.ExecuteAsync(new CommandDefinition(ReplaceThemes, new { Id = id, ThemeSlugs = themes }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new SaveLandingResult(command.CurrentSlug ?? command.Slug);
    }
}

/// <summary>A landing as its form shows it; null when unknown.</summary>
internal sealed record LandingFormQuery(string Slug) : IQuery<LandingForm?>;

internal sealed record LandingForm(
    string Slug, string Title, string Intro, string? Partner, string Embed, IReadOnlyList<string> ThemeSlugs, string? SubjectSlug,
    IReadOnlyList<string> Origins, string? LogoDataUri, DateTime? ArchivedAt);

internal sealed class LandingFormHandler(NpgsqlDataSource dataSource) : IQueryHandler<LandingFormQuery, LandingForm?>
{
    private const string Find = """
        select l.slug as Slug, l.title as Title, l.intro as Intro, l.partner as Partner, l.embed as Embed,
               coalesce(array_agg(lt.theme_slug order by lt.position, lt.theme_slug) filter (where lt.theme_slug is not null), '{}') as ThemeSlugs,
               l.subject_slug as SubjectSlug, l.allowed_origins as Origins, l.logo as Logo, l.logo_type as LogoType, l.archived_at as ArchivedAt
        from solicitations.landing l left join solicitations.landing_theme lt on lt.landing_id = l.id
        where l.slug = @Slug
        group by l.id
        """;

    public async ValueTask<LandingForm?> Handle(LandingFormQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Find, query, cancellationToken: cancellationToken));
        return row is null ? null : new LandingForm(row.Slug, row.Title, row.Intro, row.Partner, row.Embed, row.ThemeSlugs, row.SubjectSlug,
            row.Origins, LandingRules.LogoDataUri(row.Logo, row.LogoType), row.ArchivedAt);
    }

    private sealed class Row
    {
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public string Intro { get; init; } = "";
        public string? Partner { get; init; }
        public string Embed { get; init; } = "";
        public string[] ThemeSlugs { get; init; } = [];
        public string? SubjectSlug { get; init; }
        public string[] Origins { get; init; } = [];
        public byte[]? Logo { get; init; }
        public string? LogoType { get; init; }
        public DateTime? ArchivedAt { get; init; }
    }
}

/// <summary>Archives a landing (no longer offered: its addresses answer 404) or offers it again. False when unknown.</summary>
internal sealed record ArchiveLandingCommand(string Slug, bool Archive) : ICommand<bool>;

internal sealed class ArchiveLandingHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<ArchiveLandingCommand, bool>
{
    public async ValueTask<bool> Handle(ArchiveLandingCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update solicitations.landing set archived_at = case when @Archive then coalesce(archived_at, @Now) end, updated_at = @Now where slug = @Slug",
            new { command.Slug, command.Archive, Now = clock.GetUtcNow() }, cancellationToken: cancellationToken)) == 1;
    }
}
