using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Catalogue.AnswerGetPublicCatalogue;

/// <summary>Answers the public site's catalogue: two small queries (subjects, then their questions) grouped in memory.</summary>
internal sealed class AnswerGetPublicCatalogueHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<GetPublicCatalogue, IReadOnlyList<PublicTheme>>
{
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

    public async ValueTask<IReadOnlyList<PublicTheme>> Handle(GetPublicCatalogue query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var subjects = await connection.QueryAsync<SubjectRow>(new CommandDefinition(FindSubjects, cancellationToken: cancellationToken));
        var questions = (await connection.QueryAsync<QuestionRow>(new CommandDefinition(FindQuestions, cancellationToken: cancellationToken)))
            .ToLookup(q => q.SubjectId, q => new SubjectQuestion(q.Slug, q.Label));

        return subjects
            .GroupBy(s => (s.ThemeSlug, s.ThemeLabel))
            .Select(theme => new PublicTheme(theme.Key.ThemeSlug, theme.Key.ThemeLabel, theme
                .Select(s => new PublicSubject(s.Slug, s.Label, s.Description, s.Guidance, s.Prompt, s.AsksCommune, s.AsksAmount,
                    s.IsOtherRequest, questions[s.Id].ToList()))
                .ToList()))
            .ToList();
    }

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
