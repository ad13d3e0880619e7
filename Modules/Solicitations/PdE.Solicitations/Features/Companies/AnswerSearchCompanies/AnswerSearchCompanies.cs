using Mediator;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Companies.AnswerSearchCompanies;

internal sealed class AnswerSearchCompaniesHandler(ICompanyRegistry registry) : IQueryHandler<SearchCompanies, CompanySearch>
{
    public async ValueTask<CompanySearch> Handle(SearchCompanies query, CancellationToken cancellationToken) =>
        await registry.SearchAsync(query.Text, cancellationToken);
}
