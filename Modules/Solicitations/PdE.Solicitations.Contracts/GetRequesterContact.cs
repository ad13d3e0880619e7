using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// How to reach the person who filed a request: asked by Matching when an expert opens the need, so the contact's
/// details stay in one place (the request) instead of being copied into every module.
/// </summary>
/// <param name="SolicitationId">The request.</param>
public sealed record GetRequesterContact(Guid SolicitationId) : IQuery<RequesterContact?>;

/// <summary>The requester as they described themselves in step 1 of the form; null when the request is unknown.</summary>
/// <param name="FullName">Name.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Phone">Phone number as saved (10 digits for a French number).</param>
public sealed record RequesterContact(string FullName, string Email, string Phone);
