using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>A requester must receive the private link to follow their request: when it is sent, or when they ask again.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="SolicitationId">The request.</param>
/// <param name="Email">The requester's address.</param>
/// <param name="FullName">The requester's name, for the greeting.</param>
/// <param name="SubmittedAt">When the request was sent (UTC).</param>
/// <param name="FollowUpUrl">The private link; any earlier link of this request no longer works.</param>
/// <param name="IsResend">Asked again from the site, rather than sent with the confirmation of a new request.</param>
public sealed record FollowUpLinkIssued(
    Guid EventId, Guid SolicitationId, string Email, string FullName, DateTime SubmittedAt, string FollowUpUrl, bool IsResend) : INotification;
