using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Solicitations.Features.RequestForm;

/// <summary>A request found by its private link, with the catalogue subject it is about: what steps 2 and 3 start from.</summary>
internal sealed record DraftContext(string Token, SolicitationDraft Draft, PublicSubject Subject)
{
    public string ResumePath => $"/ma-demande/{Token}";

    public string ReceiptPath => $"/demande/envoyee/{Draft.Id}";

    /// <summary>Null when the link is unknown (or its subject left the catalogue): the page answers 404.</summary>
    public static async Task<DraftContext?> LoadAsync(IMediator mediator, string token, CancellationToken cancellationToken)
    {
        var draft = await mediator.Send(new GetSolicitationByToken(token), cancellationToken);
        if (draft is null)
        {
            return null;
        }

        var catalogue = await mediator.Send(new GetPublicCatalogue(), cancellationToken);
        var subject = catalogue.SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == draft.SubjectSlug);
        return subject is null ? null : new DraftContext(token, draft, subject);
    }
}
