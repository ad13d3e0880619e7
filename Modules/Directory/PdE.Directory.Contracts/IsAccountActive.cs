using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>Is this login account still allowed in (not deleted, password set)? Asked on every signed-in request.</summary>
/// <param name="UserId">The account id carried by the sign-in cookie.</param>
public sealed record IsAccountActive(Guid UserId) : IQuery<bool>;
