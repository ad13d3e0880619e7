using Mediator;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Companies.AnswerGetEstablishment;

internal sealed class AnswerGetEstablishmentHandler(ICompanyRegistry registry) : IQueryHandler<GetEstablishment, EstablishmentLookup>
{
    public async ValueTask<EstablishmentLookup> Handle(GetEstablishment query, CancellationToken cancellationToken) =>
        await registry.GetEstablishmentAsync(query.Siret, cancellationToken);
}
