using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>A need was sent to at least one expert.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="NeedId">The routed need.</param>
/// <param name="SolicitationId">The request the need came from.</param>
/// <param name="MatchCount">How many experts received it.</param>
/// <param name="RoutedAt">When (UTC).</param>
public sealed record NeedRouted(Guid EventId, Guid NeedId, Guid SolicitationId, int MatchCount, DateTime RoutedAt) : INotification;
