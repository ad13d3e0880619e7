using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.Features.Routing;

namespace PdE.Directory.Features.ReferenceData.AnswerDescribeCompany;

/// <summary>Answers the commune, département and activity names of a company's codes, and its headcount bracket in words.</summary>
internal sealed class AnswerDescribeCompanyHandler(NpgsqlDataSource dataSource) : IQueryHandler<DescribeCompany, CompanyDescription>
{
    private const string Names = """
        select c.name as CommuneName, d.name as DepartementName, (select min(p) from unnest(c.postal_codes) p) as CommunePostcode,
               -- "10.71C" as the registry writes it, or "1071C" as some partners do (under 2,000 rows: a scan is fine).
               (select label from directory.naf_code where replace(code, '.', '') = replace(upper(trim(@NafCode)), '.', '')) as NafLabel
        from (select 1) one
        left join directory.commune c on c.code = @CommuneCode
        left join directory.departement d on d.code = c.departement_code
        """;

    public async ValueTask<CompanyDescription> Handle(DescribeCompany query, CancellationToken cancellationToken)
    {
        var headcount = HeadcountBracket.Find(query.HeadcountBracket)?.Label;
        if (query.CommuneCode is null && query.NafCode is null)
        {
            return new CompanyDescription(null, null, null, headcount);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var names = await connection.QuerySingleAsync<(string? CommuneName, string? DepartementName, string? CommunePostcode, string? NafLabel)>(
            new CommandDefinition(Names, new { query.CommuneCode, query.NafCode }, cancellationToken: cancellationToken));
        return new CompanyDescription(names.CommuneName, names.DepartementName, names.NafLabel, headcount, names.CommunePostcode);
    }
}
