using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.AnswerRequestHistory;

/// <summary>Pages of the requests sent, in id order, for a module that rebuilds its copy of them.</summary>
internal sealed class AnswerRequestHistoryHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetSentRequestsPage, IReadOnlyList<SentRequest>>
{
    private const string Page = """
        select id as SolicitationId, submitted_at as SubmittedAt, nullif(trim(siret), '') as Siret, subject_slug as SubjectSlug,
               commune_code as CommuneCode, naf_code as NafCode, headcount_bracket as HeadcountBracket
        from solicitations.solicitation
        where status in ('received', 'validated', 'canceled') and submitted_at is not null and (@After::uuid is null or id > @After)
        order by id
        limit @Limit
        """;

    public async ValueTask<IReadOnlyList<SentRequest>> Handle(GetSentRequestsPage query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<SentRequest>(new CommandDefinition(Page, new { query.After, query.Limit }, cancellationToken: cancellationToken))).AsList();
    }
}
