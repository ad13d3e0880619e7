using System.Security.Claims;
using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// Signs in the agent whose e-mail address ProConnect verified: the active account with that address (compared without
/// case) gets the same sign-in principal as a password sign-in (account id, name, roles, security stamp, sign-in instant),
/// and the sign-in is recorded as a password sign-in is.
/// </summary>
/// <param name="Email">The <c>email</c> claim ProConnect sent.</param>
/// <param name="ClientIp">Where the sign-in comes from (as for a password sign-in); null when unknown.</param>
public sealed record SignInWithProConnect(string Email, string? ClientIp) : ICommand<ProConnectSignIn>;

/// <param name="Principal">What the session cookie carries; null when refused: no account with that address, a deleted one,
/// or one whose invitation is still pending.</param>
/// <param name="InvitationPending">Refused because the account's owner has not accepted the invitation yet (no password chosen):
/// sessions are only open to accounts that did.</param>
public sealed record ProConnectSignIn(ClaimsPrincipal? Principal, bool InvitationPending);
