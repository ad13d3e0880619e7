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
    DateTime CreatedAt) : INotification;
