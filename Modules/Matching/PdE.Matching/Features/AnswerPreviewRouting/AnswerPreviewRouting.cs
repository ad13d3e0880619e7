using Mediator;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Shared.Text;

namespace PdE.Matching.Features.AnswerPreviewRouting;

/// <summary>
/// Answers the desk with the experts routing would pick now (the same Directory question the routing of a validated
/// request asks), and, when there are none, says why in words the team can act on.
/// </summary>
internal sealed class AnswerPreviewRoutingHandler(IMediator mediator) : IQueryHandler<PreviewRouting, RoutingPreview>
{
    public async ValueTask<RoutingPreview> Handle(PreviewRouting query, CancellationToken cancellationToken)
    {
        var company = new CompanyFacts(query.CreatedOn, query.HeadcountBracket, query.NafCode, query.LegalFormCode);
        var experts = await mediator.Send(new FindExpertsForNeed(query.SubjectSlug, query.CommuneCode, company), cancellationToken);
        if (experts.Count > 0)
        {
            var institutions = experts.Select(e => e.InstitutionName).Distinct()
                .Order(StringComparer.Create(French.Culture, ignoreCase: true)).ToList();
            return new RoutingPreview(experts.Count, institutions, null);
        }

        if (query.CommuneCode is null)
        {
            return new RoutingPreview(0, [], "Commune de l’entreprise inconnue, et aucun conseiller à compétence nationale ne traite ce sujet.");
        }

        var names = await mediator.Send(new GetCommuneNames([query.CommuneCode]), cancellationToken);
        // "sur la commune : Le Havre (76)" reads right whatever the commune's article ("au Havre", "à Nantes").
        var place = names.TryGetValue(query.CommuneCode, out var commune) ? $"{commune.Name} ({commune.DepartementCode})" : query.CommuneCode;
        return new RoutingPreview(0, [], $"Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : {place}.");
    }
}
