using Dapper;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Solicitations.Features.PartnerApi.SubmitPartnerSolicitation;

namespace PdE.Solicitations.Features.PartnerApi.ReadPartnerCatalogue;

/// <summary>
/// What a partner needs to build its own form (API.md): <c>GET /api/v1/themes</c>, <c>/subjects</c> and <c>/landings</c>, the
/// public catalogue as the site shows it (the team's edits included, as the request form reads them).
/// </summary>
internal static class ReadPartnerCatalogueEndpoints
{
    public const string ThemesRoute = "/api/v1/themes";
    public const string SubjectsRoute = "/api/v1/subjects";
    public const string LandingsRoute = "/api/v1/landings";

    public static Task<IResult> ThemesAsync(
        HttpContext http, [FromServices] IMediator mediator, [FromServices] ValidPartnerKeys validKeys, [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        ForPartnerAsync(http, mediator, validKeys, loggers, async () =>
            (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
                .Select(t => new ApiTheme(t.Slug, t.Label, [.. t.Subjects.Select(s => s.Slug)])).ToList(), cancellationToken);

    public static Task<IResult> SubjectsAsync(
        HttpContext http, [FromServices] IMediator mediator, [FromServices] ValidPartnerKeys validKeys, [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        ForPartnerAsync(http, mediator, validKeys, loggers, async () =>
            (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
                .SelectMany(t => t.Subjects.Select(s => new ApiSubject(
                    s.Slug, s.Label, t.Slug, s.Description, s.Guidance, s.Prompt, s.IsOtherRequest,
                    [.. s.Questions.Select(q => new ApiQuestion(q.Slug, q.Label))])))
                .ToList(), cancellationToken);

    public static Task<IResult> LandingsAsync(
        HttpContext http, [FromServices] IMediator mediator, [FromServices] ValidPartnerKeys validKeys, [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken) =>
        ForPartnerAsync(http, mediator, validKeys, loggers, async () => await mediator.Send(new ListLandings(), cancellationToken), cancellationToken);

    /// <summary>The answer as JSON once the key is checked; the 401 otherwise.</summary>
    private static async Task<IResult> ForPartnerAsync<T>(
        HttpContext http, IMediator mediator, ValidPartnerKeys validKeys, ILoggerFactory loggers, Func<Task<T>> answer, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PartnerApiAccess.AuthenticateAsync(
            http, mediator, validKeys, loggers.CreateLogger(typeof(ReadPartnerCatalogueEndpoints)), cancellationToken);
        return caller is null ? refusal! : Results.Ok(await answer());
    }
}

/// <summary>A theme of the public catalogue and its subjects' slugs, in the site's order.</summary>
internal sealed record ApiTheme(string Slug, string Label, IReadOnlyList<string> Subjects);

/// <summary>
/// A public subject: what <c>POST /api/v1/solicitations</c> takes as <c>subject</c>, with the texts the site's form shows
/// and the yes/no questions it asks (<c>answers</c>, by question slug).
/// </summary>
/// <param name="Theme">The slug of its theme.</param>
/// <param name="Guidance">Helps the person write the description; null when the subject has none.</param>
/// <param name="Prompt">The text the site's form pre-fills the description with (refused unchanged); null for none.</param>
/// <param name="IsOtherRequest">The « Autre demande » subject, for requests that fit no other.</param>
internal sealed record ApiSubject(
    string Slug, string Label, string Theme, string? Description, string? Guidance, string? Prompt, bool IsOtherRequest,
    IReadOnlyList<ApiQuestion> Questions);

internal sealed record ApiQuestion(string Slug, string Label);

/// <summary>A landing page: what <c>POST /api/v1/solicitations</c> takes as <c>landing</c>.</summary>
/// <param name="Partner">The partner named on the page (« Avec … »); null on the service's own pages.</param>
/// <param name="Themes">The slugs of the themes it shows, in order.</param>
/// <param name="Path">Its address on the site.</param>
internal sealed record ApiLanding(string Slug, string Title, string? Partner, IReadOnlyList<string> Themes, string Path);

internal sealed record ListLandings : IQuery<IReadOnlyList<ApiLanding>>;

internal sealed class ListLandingsHandler(NpgsqlDataSource dataSource) : IQueryHandler<ListLandings, IReadOnlyList<ApiLanding>>
{
    private const string Landings = """
        select l.slug, l.title, l.partner,
               coalesce(array_agg(lt.theme_slug order by lt.position, lt.theme_slug) filter (where lt.theme_slug is not null), '{}')
        from solicitations.landing l
        left join solicitations.landing_theme lt on lt.landing_id = l.id
        where l.archived_at is null
        group by l.id
        order by l.slug
        """;

    public async ValueTask<IReadOnlyList<ApiLanding>> Handle(ListLandings query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Slug, string Title, string? Partner, string[] Themes)>(
            new CommandDefinition(Landings, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new ApiLanding(r.Slug, r.Title, r.Partner, r.Themes, "/aide-entreprises/" + r.Slug))];
    }
}
