using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>A need was sent to at least one expert.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="NeedId">The routed need.</param>
/// <param name="SolicitationId">The request the need came from.</param>
/// <param name="MatchCount">How many experts received it.</param>
/// <param name="RoutedAt">When (UTC).</param>
/// <param name="SubjectSlug">The need's catalogue subject; null in events queued before it was carried.</param>
/// <param name="CommuneCode">INSEE code of the company's (or project's) commune; null when unknown.</param>
/// <param name="NafCode">The establishment's activity (NAF rev. 2, e.g. <c>10.71C</c>); null when unknown.</param>
/// <param name="HeadcountBracket">The establishment's INSEE headcount bracket (e.g. <c>03</c>); null when unknown.</param>
public sealed record NeedRouted(
    Guid EventId,
    Guid NeedId,
    Guid SolicitationId,
    int MatchCount,
    DateTime RoutedAt,
    string? SubjectSlug = null,
    string? CommuneCode = null,
    string? NafCode = null,
    string? HeadcountBracket = null) : INotification;
