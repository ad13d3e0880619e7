using Mediator;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Routing;
using PdE.Shared.Text;

namespace PdE.Matching.Features.AnswerPreviewRouting;

/// <summary>
/// Answers the desk with the experts routing would pick now, through the same <see cref="RoutingProposer"/> as routing
/// itself (register rules, match filters, the support subject's experts when nobody else fits), and, when there are none,
/// says why in the engine's words (which institutions cover nothing there, which filter ruled an expert out).
/// </summary>
internal sealed class AnswerPreviewRoutingHandler(IMediator mediator, RoutingProposer proposer, TimeProvider clock) : IQueryHandler<PreviewRouting, RoutingPreview>
{
    private const int ReasonsShown = 3;

    public async ValueTask<RoutingPreview> Handle(PreviewRouting query, CancellationToken cancellationToken)
    {
        var company = new CompanyFacts(query.CreatedOn, query.HeadcountBracket, query.NafCode, query.LegalFormCode);
        // The same day as FindExpertsForNeed counts a company's age to, so the desk and routing agree.
        var need = new RoutingNeed(query.SubjectSlug, query.CommuneCode, company, query.InRcs, query.InRm, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            Answers = (query.Answers ?? []).Select(a => new PdE.Solicitations.Contracts.SubjectAnswer(a.Question, a.Answer, a.Slug)).ToList(),
        };
        var proposal = await proposer.ProposeAsync(need, cancellationToken);
        if (proposal.Proposed.Count > 0)
        {
            var institutions = proposal.Proposed.Select(p => p.Expert.InstitutionName).Distinct()
                .Order(StringComparer.Create(French.Culture, ignoreCase: true)).ToList();
            return new RoutingPreview(proposal.Proposed.Count, institutions, null, proposal.UsedSupportFallback);
        }

        return new RoutingPreview(0, [], await WhyNobodyAsync(query, proposal, cancellationToken));
    }

    private async Task<string> WhyNobodyAsync(PreviewRouting query, RoutingProposal proposal, CancellationToken cancellationToken)
    {
        if (proposal.SubjectNotice is { } notice)
        {
            return notice;
        }

        var reasons = proposal.Excluded.Select(e => e.Reason).Concat(proposal.InstitutionsWithoutCoverage.Select(i => i.Reason)).Distinct().ToList();
        if (reasons.Count > 0)
        {
            var shown = string.Join(" ; ", reasons.Take(ReasonsShown));
            return $"Aucun conseiller retenu. {shown}{(reasons.Count > ReasonsShown ? $" ; et {French.Count(reasons.Count - ReasonsShown, "autre motif", "autres motifs")}" : "")}.";
        }

        if (query.CommuneCode is null)
        {
            return "Commune de l’entreprise inconnue, et aucun conseiller à compétence nationale ne traite ce sujet.";
        }

        var names = await mediator.Send(new GetCommuneNames([query.CommuneCode]), cancellationToken);
        // "sur la commune : Le Havre (76600)" reads right whatever the commune's article ("au Havre", "à Nantes").
        var place = names.TryGetValue(query.CommuneCode, out var commune) ? French.Commune(commune.Name, commune.Postcode) : query.CommuneCode;
        return $"Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : {place}.";
    }
}
