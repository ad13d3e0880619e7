using Mediator;

namespace PdE.Directory.Contracts;

// These events carry a secret link. That is acceptable because the outbox rows stay in our own database
// (the directory schema) until Notifications turns them into the e-mail; the token itself is never stored
// elsewhere in Directory, only its SHA-256.

/// <summary>An admin created an account: its owner must receive the link that lets them choose a password.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="UserId">The new account.</param>
/// <param name="Email">Where to write.</param>
/// <param name="FullName">Owner's name, for the greeting.</param>
/// <param name="InvitationUrl">Absolute single-use link to the set-password page.</param>
/// <param name="ExpiresAt">When the link stops working (UTC).</param>
public sealed record UserInvited(Guid EventId, Guid UserId, string Email, string FullName, string InvitationUrl, DateTime ExpiresAt) : INotification;

/// <summary>Someone asked for a new password for an existing account: its owner must receive the reset link.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="UserId">The account.</param>
/// <param name="Email">Where to write.</param>
/// <param name="FullName">Owner's name, for the greeting.</param>
/// <param name="ResetUrl">Absolute single-use link to the new-password page.</param>
/// <param name="ExpiresAt">When the link stops working (UTC).</param>
public sealed record PasswordResetRequested(Guid EventId, Guid UserId, string Email, string FullName, string ResetUrl, DateTime ExpiresAt) : INotification;
