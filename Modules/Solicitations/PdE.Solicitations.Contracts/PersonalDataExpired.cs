using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// The retention period of personal data ended for everything written before <c>Before</c> (UTC): every module anonymises
/// its own rows older than that (requests, needs and their messages, e-mails), keeping what counts need. Written every
/// night by Solicitations' retention job; handling it twice changes nothing.
/// </summary>
public sealed record PersonalDataExpired(Guid EventId, DateTime Before) : INotification;
