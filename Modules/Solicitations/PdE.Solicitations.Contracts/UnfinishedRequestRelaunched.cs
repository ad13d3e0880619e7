using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// A request left unfinished (step 1 only) is relaunched: its author should receive <c>ResumeUrl</c>, a private link back
/// to the form where they left it. <c>Attempt</c> is 1 the next day, 2 the day after (the last).
/// </summary>
public sealed record UnfinishedRequestRelaunched(
    Guid EventId, Guid SolicitationId, string FullName, string Email, DateTime StartedAt, string ResumeUrl, int Attempt)
    : INotification;
