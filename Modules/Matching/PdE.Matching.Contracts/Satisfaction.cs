using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// Ten days after an expert closed the need with help, its requester is asked how it went, once per need.
/// <c>SurveyPath</c> is the private link to the survey (site-relative; it holds the only copy of the token);
/// <c>HelpedBy</c> names the experts who closed it with help, e.g. « Camille Martin (CCI Paris Île-de-France) »;
/// <c>ClosedAt</c> is when the first of them did (UTC).
/// </summary>
public sealed record SatisfactionSurveyDue(
    Guid EventId, Guid NeedId, Guid SolicitationId, string? CompanyName, string? SubjectLabel, string HelpedBy, DateTime ClosedAt,
    string SurveyPath) : INotification;

/// <summary>
/// A requester answered the satisfaction survey of a need (once): whether an expert contacted them, whether the exchange
/// was useful (null when they were not contacted and did not say), and whether they left a comment (kept by Matching only).
/// </summary>
public sealed record SatisfactionAnswered(
    Guid EventId, Guid NeedId, Guid SolicitationId, DateTime AnsweredAt, bool ContactedByExpert, bool? UsefulExchange, bool HasComment)
    : INotification;
