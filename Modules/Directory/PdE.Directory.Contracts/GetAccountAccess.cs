using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// What this login account may do right now: null when it may no longer sign in (deleted, no password). Asked on every
/// signed-in request, so that a deleted account or a removed role takes effect at once, not at the next sign-in.
/// </summary>
/// <param name="UserId">The account id carried by the sign-in cookie.</param>
public sealed record GetAccountAccess(Guid UserId) : IQuery<AccountAccess?>;

/// <param name="Roles">Role names (see PdE.Shared.Web.Roles), sorted ordinally.</param>
public sealed record AccountAccess(IReadOnlyList<string> Roles);
