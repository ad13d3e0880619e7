using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// Nine days after a need was sent, no expert has taken it in charge yet: its requester should hear that the request is
/// still being handled (once per need).
/// </summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="NeedId">The waiting need.</param>
/// <param name="SolicitationId">The request it came from (its requester's contact is Solicitations').</param>
/// <param name="SentAt">When the need was first sent to an expert (UTC).</param>
/// <param name="ExpertCount">How many experts it was sent to.</param>
public sealed record NeedStillWaiting(Guid EventId, Guid NeedId, Guid SolicitationId, DateTime SentAt, int ExpertCount) : INotification;
