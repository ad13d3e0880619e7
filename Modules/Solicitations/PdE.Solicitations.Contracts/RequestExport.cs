using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// The requests with these ids as Solicitations keeps them now, the requester's contact included: the rows of an export an
/// admin or a manager asked for (Stats' exports, which chose the ids). Ids unknown, or of requests never sent, are left out.
/// </summary>
public sealed record GetRequestsForExport(IReadOnlyList<Guid> SolicitationIds) : IQuery<IReadOnlyList<RequestForExport>>;

/// <summary>One request, as an export shows it.</summary>
/// <param name="SolicitationId">The request.</param>
/// <param name="SubmittedAt">When it was sent (UTC).</param>
/// <param name="Status">Its status as the triage desk names it (« Reçue », « Mise en relation », « Abandonnée »).</param>
/// <param name="SubjectSlug">The catalogue subject, as the team left it.</param>
/// <param name="Siret">Null for a project without a company.</param>
/// <param name="CompanyName">As the registry (or the requester) named it.</param>
/// <param name="CommuneCode">INSEE code of the company's (or project's) commune.</param>
/// <param name="NafCode">The establishment's activity (NAF rev. 2).</param>
/// <param name="HeadcountBracket">The establishment's INSEE headcount bracket.</param>
/// <param name="FullName">The requester, as typed (emptied once the retention period is over).</param>
/// <param name="Email">The requester's address.</param>
/// <param name="Phone">The requester's phone number.</param>
/// <param name="Description">The request in the requester's words.</param>
/// <param name="LandingSlug">The landing (partner page) it was filed on; null on the main site.</param>
/// <param name="OriginPage">The page the requester came from.</param>
/// <param name="Campaign">The campaign of the link followed (utm_campaign).</param>
/// <param name="Tags">The team's tags.</param>
public sealed record RequestForExport(
    Guid SolicitationId,
    DateTime SubmittedAt,
    string Status,
    string SubjectSlug,
    string? Siret,
    string? CompanyName,
    string? CommuneCode,
    string? NafCode,
    string? HeadcountBracket,
    string FullName,
    string Email,
    string Phone,
    string Description,
    string? LandingSlug,
    string? OriginPage,
    string? Campaign,
    IReadOnlyList<string> Tags);
