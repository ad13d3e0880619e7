using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// The requests sent (received, validated or cancelled since; never drafts, nor those set aside for the blocklist), as
/// Solicitations keeps them now, a page at a time in id order (<paramref name="After"/>: the last id of the previous page,
/// null for the first): what another module rebuilds its own copy from (Stats' rebuild).
/// </summary>
public sealed record GetSentRequestsPage(Guid? After, int Limit) : IQuery<IReadOnlyList<SentRequest>>;

/// <summary>A request as sent, under the subject the team left it.</summary>
/// <param name="SolicitationId">The request.</param>
/// <param name="SubmittedAt">When it was sent (UTC).</param>
/// <param name="Siret">Null for a project without a company.</param>
/// <param name="SubjectSlug">The catalogue subject, as the team left it.</param>
/// <param name="CommuneCode">INSEE code of the company's (or project's) commune; null when unknown.</param>
/// <param name="NafCode">The establishment's activity (NAF rev. 2); null when unknown.</param>
/// <param name="HeadcountBracket">The establishment's INSEE headcount bracket; null when unknown.</param>
public sealed record SentRequest(
    Guid SolicitationId, DateTime SubmittedAt, string? Siret, string SubjectSlug, string? CommuneCode, string? NafCode, string? HeadcountBracket);
