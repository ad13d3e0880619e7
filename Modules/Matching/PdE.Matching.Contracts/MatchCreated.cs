using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>A need was sent to one expert (a "mise en relation"): the expert must be told.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="MatchId">The new match.</param>
/// <param name="NeedId">The need it belongs to.</param>
/// <param name="SolicitationId">The request the need came from.</param>
/// <param name="ExpertId">Directory id of the expert.</param>
/// <param name="ExpertName">Expert's name, for the greeting.</param>
/// <param name="ExpertEmail">Where to write.</param>
/// <param name="InstitutionName">Institution the expert answers for.</param>
/// <param name="Siret">The company's establishment.</param>
/// <param name="Description">The requester's words.</param>
/// <param name="CreatedAt">When the match was made (UTC).</param>
/// <param name="CompanyName">The company's name as the registry gave it; null for a project without a company.</param>
/// <param name="SubjectLabel">The subject in words, e.g. « Recruter un ou plusieurs salariés »; null when the catalogue has no public label.</param>
/// <param name="Place">The commune as a French reader names it, e.g. « Rouen (76000) »; null when unknown.</param>
/// <param name="RequestedAt">When the requester sent the request (UTC); null when unknown.</param>
/// <param name="InstitutionId">Directory id of the institution the expert answers for; null in events queued before it was carried.</param>
/// <param name="AntenneId">Directory id of the expert's antenne; null in events queued before it was carried.</param>
/// <param name="NeedPath">The need page on the site, e.g. <c>/conseiller/besoins/…</c>, for a link in the e-mail.</param>
public sealed record MatchCreated(
    Guid EventId,
    Guid MatchId,
    Guid NeedId,
    Guid SolicitationId,
    Guid ExpertId,
    string ExpertName,
    string ExpertEmail,
    string InstitutionName,
    string Siret,
    string Description,
    DateTime CreatedAt,
    string? CompanyName = null,
    string? SubjectLabel = null,
    string? Place = null,
    DateTime? RequestedAt = null,
    string? NeedPath = null,
    Guid? InstitutionId = null,
    Guid? AntenneId = null) : INotification;
