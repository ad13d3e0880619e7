using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.PublicSite.ShowLanding;

internal sealed record GetLanding(string Slug) : IQuery<Landing?>;

/// <summary>A landing and the slugs of its themes, in order.</summary>
internal sealed record Landing(string Slug, string Title, string Intro, string? Partner, IReadOnlyList<string> ThemeSlugs);

internal sealed class GetLandingHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetLanding, Landing?>
{
    private const string FindLanding = """
        select l.slug as Slug, l.title as Title, l.intro as Intro, l.partner as Partner,
               coalesce(array_agg(lt.theme_slug order by lt.position, lt.theme_slug) filter (where lt.theme_slug is not null), '{}') as ThemeSlugs
        from solicitations.landing l
        left join solicitations.landing_theme lt on lt.landing_id = l.id
        where l.slug = @Slug
        group by l.id
        """;

    public async ValueTask<Landing?> Handle(GetLanding query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Slug, string Title, string Intro, string? Partner, string[] ThemeSlugs)>(
            new CommandDefinition(FindLanding, new { query.Slug }, cancellationToken: cancellationToken));
        return row.Slug is null ? null : new Landing(row.Slug, row.Title, row.Intro, row.Partner, row.ThemeSlugs);
    }
}
