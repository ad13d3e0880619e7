using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.AnswerRequestForExperts;

/// <summary>
/// Gives the expert who opens a need what the request says: the requester's name, e-mail and phone, and the company's
/// commune, activity, headcount and age. Drafts are nobody's business.
/// </summary>
internal sealed class AnswerRequestForExpertsHandler(NpgsqlDataSource dataSource)
    : IQueryHandler<GetRequesterContact, RequesterContact?>, IQueryHandler<GetRequestCompany, RequestCompany?>
{
    private const string Contact = """
        select full_name as FullName, email as Email, phone as Phone
        from solicitations.solicitation
        where id = @SolicitationId and status <> 'draft'
        """;

    private const string Company = """
        select commune_code as CommuneCode, naf_code as NafCode, headcount_bracket as HeadcountBracket, company_created_on as CreatedOn
        from solicitations.solicitation
        where id = @SolicitationId and status <> 'draft'
        """;

    public ValueTask<RequesterContact?> Handle(GetRequesterContact query, CancellationToken cancellationToken) =>
        QueryAsync<RequesterContact>(Contact, query.SolicitationId, cancellationToken);

    public ValueTask<RequestCompany?> Handle(GetRequestCompany query, CancellationToken cancellationToken) =>
        QueryAsync<RequestCompany>(Company, query.SolicitationId, cancellationToken);

    private async ValueTask<T?> QueryAsync<T>(string sql, Guid solicitationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, new { SolicitationId = solicitationId }, cancellationToken: cancellationToken));
    }
}
