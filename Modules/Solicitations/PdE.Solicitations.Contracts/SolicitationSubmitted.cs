using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>An entrepreneur filed a request on the public site; it is saved and awaits routing.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="SolicitationId">The saved request.</param>
/// <param name="Siret">The establishment's SIRET (14 digits, checked).</param>
/// <param name="SubjectSlug">The catalogue subject the request is about.</param>
/// <param name="Description">The requester's own words.</param>
/// <param name="SubmittedAt">When it was saved (UTC).</param>
public sealed record SolicitationSubmitted(
    Guid EventId,
    Guid SolicitationId,
    string Siret,
    string SubjectSlug,
    string Description,
    DateTime SubmittedAt) : INotification;
