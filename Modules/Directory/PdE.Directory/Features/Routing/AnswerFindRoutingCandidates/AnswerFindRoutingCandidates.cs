using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.Routing.AnswerFindRoutingCandidates;

/// <summary>
/// Answers who could take a need and what could rule each one out, for Matching's routing engine to decide and explain:
/// the subject's state, the commune's name, the covering experts with their filters (<see cref="CoveringExperts"/>), and
/// the institutions offering the subject that none of them answers for, and the questions restricting institutions. One round trip.
/// </summary>
internal sealed class AnswerFindRoutingCandidatesHandler(NpgsqlDataSource dataSource, MatchFilterCache filterCache)
    : IQueryHandler<FindRoutingCandidates, RoutingCandidates>
{
    private static readonly string Query = $"""
        select s.id is not null as SubjectExists, s.archived_at is not null as SubjectArchived,
               (select name from directory.commune where code = @CommuneCode) as CommuneName
        from (select 1) one
        left join directory.subject s on s.slug = @SubjectSlug;

        {CoveringExperts.Sql("s.slug = @SubjectSlug and s.archived_at is null")};

        -- Institutions offering the subject (several variants count once); those with no covering expert are kept below.
        select i.id as InstitutionId, i.name as InstitutionName, i.slug as InstitutionSlug
        from directory.institution i
        where i.deleted_at is null
          and i.id in (select isub.institution_id
                       from directory.subject s
                       join directory.institution_subject isub on isub.subject_id = s.id
                       where s.slug = @SubjectSlug and s.archived_at is null)
        order by i.name collate "fr-x-icu", i.id;

        select q.slug as QuestionSlug, q.label as Question, f.institution_id as InstitutionId, f.required_answer as RequiredAnswer
        from directory.subject s
        join directory.subject_question q on q.subject_id = s.id
        join directory.question_institution_filter f on f.question_id = q.id
        where s.slug = @SubjectSlug
        order by q.position, q.slug, f.institution_id;
        """;

    public async ValueTask<RoutingCandidates> Handle(FindRoutingCandidates query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        SubjectRow subject;
        List<CoveringExperts.Row> rows;
        List<UncoveredInstitution> institutions;
        List<AnswerRule> rules;
        // The results are read to the end before the filter cache may use the connection.
        await using (var results = await connection.QueryMultipleAsync(
            new CommandDefinition(Query, new { query.SubjectSlug, query.CommuneCode }, cancellationToken: cancellationToken)))
        {
            subject = await results.ReadSingleAsync<SubjectRow>();
            rows = (await results.ReadAsync<CoveringExperts.Row>()).AsList();
            institutions = (await results.ReadAsync<UncoveredInstitution>()).AsList();
            rules = (await results.ReadAsync<AnswerRule>()).AsList();
        }

        var experts = await CoveringExperts.ToCandidatesAsync(rows, connection, filterCache, cancellationToken);
        var covered = experts.Select(e => e.InstitutionId).ToHashSet();
        return new RoutingCandidates(
            subject.SubjectExists, subject.SubjectArchived, subject.CommuneName, experts,
            institutions.Where(i => !covered.Contains(i.InstitutionId)).ToList(), rules);
    }

    private sealed record SubjectRow(bool SubjectExists, bool SubjectArchived, string? CommuneName);
}
