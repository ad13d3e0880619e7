using Mediator;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for the Solicitations module: answers who filed a request and what the registry said of the company.</summary>
internal sealed class SolicitationsQueriesFake : IQueryHandler<GetRequesterContact, RequesterContact?>, IQueryHandler<GetRequestCompany, RequestCompany?>
{
    public static RequesterContact? Contact { get; set; } = new("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678");

    public static RequestCompany? Company { get; set; } = new("75111", "10.71C", "03", new DateOnly(2012, 3, 15));

    public ValueTask<RequesterContact?> Handle(GetRequesterContact query, CancellationToken cancellationToken) => ValueTask.FromResult(Contact);

    public ValueTask<RequestCompany?> Handle(GetRequestCompany query, CancellationToken cancellationToken) => ValueTask.FromResult(Company);
}
