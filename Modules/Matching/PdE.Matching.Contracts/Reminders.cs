using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// J+21: an expert has not answered a need sent three weeks ago, which nobody else has taken in charge either: a last
/// reminder before the match expires at J+45 (once per match). Where the expert reads and answers the need is
/// <c>NeedPath</c> (site-relative); <c>SentAt</c> is when the match was sent (UTC).
/// </summary>
public sealed record MatchLastChance(
    Guid EventId, Guid MatchId, Guid NeedId, string ExpertName, string ExpertEmail, string? CompanyName, string? SubjectLabel,
    DateTime SentAt, string NeedPath) : INotification;

/// <summary>
/// J+45: no expert took the need in charge; its matches expire. The requester is told, once, that no advisor could answer,
/// and what to do next. <c>SentAt</c> is when the need was first sent (UTC).
/// </summary>
public sealed record NeedUnanswered(Guid EventId, Guid NeedId, Guid SolicitationId, DateTime SentAt) : INotification;

/// <summary>
/// The weekly recap of an expert with needs waiting for an answer (sent, not answered, not expired): once per expert and
/// week (<c>WeekStart</c>, the Monday, Paris). <c>OldestSentAt</c> is when the longest-waiting one was sent (UTC);
/// <c>InboxPath</c> is where the expert finds them (site-relative).
/// </summary>
public sealed record ExpertNeedsWaiting(
    Guid EventId, Guid ExpertId, string ExpertName, string ExpertEmail, int WaitingCount, DateTime OldestSentAt, DateOnly WeekStart,
    string InboxPath) : INotification;

/// <summary>
/// The team asked, from its reminders desk, that an expert be reminded of a need waiting for their answer (one event per
/// silent match). <c>TeamMemberName</c> is who asked; <c>NeedPath</c> where the expert answers (site-relative).
/// </summary>
public sealed record MatchReminderRequested(
    Guid EventId, Guid MatchId, Guid NeedId, string ExpertName, string ExpertEmail, string? CompanyName, string? SubjectLabel,
    DateTime SentAt, string NeedPath, string TeamMemberName) : INotification;
