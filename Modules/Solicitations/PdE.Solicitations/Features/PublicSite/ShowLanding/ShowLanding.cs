using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.PublicSite.ShowLanding;

internal sealed record GetLanding(string Slug) : IQuery<Landing?>;

/// <summary>A landing offered (not archived): what it shows (<see cref="Landings.LandingEmbed"/>), and who may frame it.</summary>
/// <param name="ThemeSlugs">Its own themes, in order (embed « themes »).</param>
/// <param name="SubjectSlug">Its one subject (embed « subject »).</param>
/// <param name="Origins">The partner sites whose pages may frame its ?iframe=1 variant.</param>
/// <param name="LogoDataUri">The partner's logo, inline.</param>
internal sealed record Landing(
    string Slug, string Title, string Intro, string? Partner, IReadOnlyList<string> ThemeSlugs, string Embed = Landings.LandingEmbed.Themes,
    string? SubjectSlug = null, IReadOnlyList<string>? Origins = null, string? LogoDataUri = null);

internal sealed class GetLandingHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetLanding, Landing?>
{
    private const string FindLanding = """
        select l.slug as Slug, l.title as Title, l.intro as Intro, l.partner as Partner,
               coalesce(array_agg(lt.theme_slug order by lt.position, lt.theme_slug) filter (where lt.theme_slug is not null), '{}') as ThemeSlugs,
               l.embed as Embed, l.subject_slug as SubjectSlug, l.allowed_origins as Origins, l.logo as Logo, l.logo_type as LogoType
        from solicitations.landing l
        left join solicitations.landing_theme lt on lt.landing_id = l.id
        where l.slug = @Slug and l.archived_at is null
        group by l.id
        """;

    public async ValueTask<Landing?> Handle(GetLanding query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindLanding, new { query.Slug }, cancellationToken: cancellationToken));
        return row is null ? null : new Landing(row.Slug, row.Title, row.Intro, row.Partner, row.ThemeSlugs, row.Embed, row.SubjectSlug, row.Origins,
            Landings.LandingRules.LogoDataUri(row.Logo, row.LogoType));
    }

    private sealed class Row
    {
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public string Intro { get; init; } = "";
        public string? Partner { get; init; }
        public string[] ThemeSlugs { get; init; } = [];
        public string Embed { get; init; } = "";
        public string? SubjectSlug { get; init; }
        public string[] Origins { get; init; } = [];
        public byte[]? Logo { get; init; }
        public string? LogoType { get; init; }
    }
}
