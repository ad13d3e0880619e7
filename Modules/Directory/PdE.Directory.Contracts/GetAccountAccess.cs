using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// What the session of this login account may do right now: null when it must end (account deleted or without password,
/// or the session's security stamp is no longer the account's: signed out, new password, rights changed). Asked on every
/// signed-in request, so that these take effect at once, not at the next sign-in.
/// </summary>
/// <param name="UserId">The account id carried by the sign-in cookie.</param>
/// <param name="SecurityStamp">The security stamp carried by the sign-in cookie (PdE.Shared.Web.SessionClaims.SecurityStamp).</param>
public sealed record GetAccountAccess(Guid UserId, Guid SecurityStamp) : IQuery<AccountAccess?>;

/// <param name="Roles">Role names (see PdE.Shared.Web.Roles), sorted ordinally.</param>
public sealed record AccountAccess(IReadOnlyList<string> Roles);
