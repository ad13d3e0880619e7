using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Catalogue.AnswerGetPublicCatalogue;

/// <summary>
/// Answers the public site's catalogue from <see cref="PublicCatalogueCache"/>: one read of the catalogue's stamp, and the
/// catalogue itself only when the stamp changed.
/// </summary>
internal sealed class AnswerGetPublicCatalogueHandler(NpgsqlDataSource dataSource, PublicCatalogueCache cache)
    : IQueryHandler<GetPublicCatalogue, IReadOnlyList<PublicTheme>>
{
    public async ValueTask<IReadOnlyList<PublicTheme>> Handle(GetPublicCatalogue query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await cache.GetAsync(connection, cancellationToken);
    }
}

/// <summary>
/// The public catalogue, kept in memory by each host: every public page and every request received reads it, admins change it
/// a few times a year. A stamp in <c>directory.catalogue_version</c>, bumped by triggers on themes, subjects and questions
/// (migration 0013), tells when to reload it: a change made on any host shows on the next page everywhere.
/// </summary>
internal sealed class PublicCatalogueCache
{
    private const string Stamp = "select version from directory.catalogue_version";

    private const string FindSubjects = """
        select t.slug as ThemeSlug, t.label as ThemeLabel, s.id as Id, s.slug as Slug, s.label as Label, s.description as Description,
               s.guidance as Guidance, s.prompt as Prompt, s.asks_commune as AsksCommune, s.asks_amount as AsksAmount,
               s.is_other_request as IsOtherRequest
        from directory.subject s
        join directory.theme t on t.id = s.theme_id
        where s.archived_at is null and not s.is_support
        order by t.position, t.label, s.position, s.label
        """;

    private const string FindQuestions = """
        select q.subject_id as SubjectId, q.slug as Slug, q.label as Label
        from directory.subject_question q
        join directory.subject s on s.id = q.subject_id and s.archived_at is null
        order by q.subject_id, q.position, q.slug
        """;

    private volatile Loaded? current;

    public async Task<IReadOnlyList<PublicTheme>> GetAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var loaded = current;
        var stamp = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Stamp, cancellationToken: cancellationToken));
        if (loaded is not null && loaded.Version == stamp)
        {
            return loaded.Themes;
        }

        (stamp, var (subjects, questions)) = await StampedSnapshot.ReadAsync(connection, Stamp, ReadAsync, cancellationToken);

        // Read-only lists: every answer hands out these same instances.
        var themes = subjects
            .GroupBy(s => (s.ThemeSlug, s.ThemeLabel))
            .Select(theme => new PublicTheme(theme.Key.ThemeSlug, theme.Key.ThemeLabel, theme
                .Select(s => new PublicSubject(s.Slug, s.Label, s.Description, s.Guidance, s.Prompt, s.AsksCommune, s.AsksAmount,
                    s.IsOtherRequest, questions[s.Id].ToList().AsReadOnly()))
                .ToList().AsReadOnly()))
            .ToList().AsReadOnly();
        current = new Loaded(stamp, themes);
        return themes;

        async Task<(IEnumerable<SubjectRow> Subjects, ILookup<Guid, SubjectQuestion> Questions)> ReadAsync(NpgsqlTransaction transaction) => (
            await connection.QueryAsync<SubjectRow>(new CommandDefinition(FindSubjects, transaction: transaction, cancellationToken: cancellationToken)),
            (await connection.QueryAsync<QuestionRow>(new CommandDefinition(FindQuestions, transaction: transaction, cancellationToken: cancellationToken)))
                .ToLookup(q => q.SubjectId, q => new SubjectQuestion(q.Slug, q.Label)));
    }

    private sealed record Loaded(Guid? Version, IReadOnlyList<PublicTheme> Themes);

    private sealed record SubjectRow(
        string ThemeSlug, string ThemeLabel, Guid Id, string Slug, string Label, string? Description, string? Guidance, string? Prompt,
        bool AsksCommune, bool AsksAmount, bool IsOtherRequest);

    private sealed record QuestionRow(Guid SubjectId, string Slug, string Label);
}

/// <summary>Communes sharing a postcode, by name.</summary>
internal sealed class AnswerFindCommunesByPostcodeHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<FindCommunesByPostcode, IReadOnlyList<CommuneChoice>>
{
    // Paris, Lyon and Marseille: the arrondissement (ARM) carries the postcode and is what SIRENE gives establishments.
    private const string FindCommunes = """
        select c.code as Code, c.name as Name
        from directory.commune c
        where @Postcode = any(c.postal_codes)
          and not exists (select 1 from directory.commune arm where arm.parent_code = c.code and @Postcode = any(arm.postal_codes))
        order by c.name, c.code
        """;

    public async ValueTask<IReadOnlyList<CommuneChoice>> Handle(FindCommunesByPostcode query, CancellationToken cancellationToken)
    {
        var postcode = new string(query.Postcode.Where(char.IsAsciiDigit).ToArray());
        if (postcode.Length != 5)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<CommuneChoice>(new CommandDefinition(FindCommunes, new { Postcode = postcode }, cancellationToken: cancellationToken))).ToList();
    }
}
