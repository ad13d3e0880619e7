using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Features.AnswerFindExpertsForNeed;

/// <summary>
/// Answers Matching's question. Commune coverage arrives with the reference data; until then every
/// active expert of the subject is a candidate.
/// </summary>
internal sealed class AnswerFindExpertsForNeedHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<FindExpertsForNeed, IReadOnlyList<ExpertCandidate>>
{
    private const string FindExperts = """
        select e.id as ExpertId, e.full_name as FullName, e.email as Email,
               a.id as AntenneId, a.name as AntenneName, i.id as InstitutionId, i.name as InstitutionName
        from directory.subject s
        join directory.expert_subject es on es.subject_id = s.id
        join directory.expert e on e.id = es.expert_id and e.deleted_at is null
        join directory.antenne a on a.id = e.antenne_id
        join directory.institution i on i.id = a.institution_id
        where s.slug = @SubjectSlug
        order by i.name, a.name, e.full_name
        """;

    public async ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var candidates = await connection.QueryAsync<ExpertCandidate>(
            new CommandDefinition(FindExperts, new { query.SubjectSlug }, cancellationToken: cancellationToken));
        return candidates.AsList();
    }
}
