using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// How to write to these agents (login accounts): asked by Matching when someone posts on a need's discussion, to e-mail
/// the agents who wrote there before. Deleted accounts and unknown ids give nothing.
/// </summary>
/// <param name="UserIds">Account ids, as the sign-in cookie carries them.</param>
public sealed record GetAgentContacts(IReadOnlyCollection<Guid> UserIds) : IQuery<IReadOnlyList<AgentContact>>;

/// <summary>An agent's name and e-mail address.</summary>
/// <param name="UserId">The account.</param>
/// <param name="FullName">Their name.</param>
/// <param name="Email">Their sign-in address, where the site writes to them.</param>
public sealed record AgentContact(Guid UserId, string FullName, string Email);
