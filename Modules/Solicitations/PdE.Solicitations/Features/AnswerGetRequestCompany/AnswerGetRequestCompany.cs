using Dapper;
using Mediator;
using Npgsql;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.AnswerGetRequestCompany;

/// <summary>Gives the expert who opens a need the company's commune, activity, headcount and age (drafts are nobody's business).</summary>
internal sealed class AnswerGetRequestCompanyHandler(NpgsqlDataSource dataSource) : IQueryHandler<GetRequestCompany, RequestCompany?>
{
    private const string Company = """
        select commune_code as CommuneCode, naf_code as NafCode, headcount_bracket as HeadcountBracket, company_created_on as CreatedOn
        from solicitations.solicitation
        where id = @SolicitationId and status <> 'draft'
        """;

    public async ValueTask<RequestCompany?> Handle(GetRequestCompany query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RequestCompany>(
            new CommandDefinition(Company, new { query.SolicitationId }, cancellationToken: cancellationToken));
    }
}
