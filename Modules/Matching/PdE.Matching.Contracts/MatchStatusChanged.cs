using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// An expert answered a match: took it, declined it, closed it, or undid one of these. Statuses are the original's
/// names: <c>quo</c> (waiting), <c>taking_care</c>, <c>done</c> (help offered), <c>done_no_help</c>,
/// <c>done_not_reachable</c>, <c>not_for_me</c> (declined).
/// </summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="MatchId">The match that changed.</param>
/// <param name="NeedId">Its need.</param>
/// <param name="SolicitationId">The request the need came from.</param>
/// <param name="ExpertId">Directory id of the expert (person or team) the match was sent to.</param>
/// <param name="ExpertName">The expert's name, as shown to the company.</param>
/// <param name="AntenneId">Directory id of the expert's antenne; null for a match made before Matching kept it.</param>
/// <param name="AntenneName">The expert's antenne.</param>
/// <param name="InstitutionId">Directory id of the expert's institution; null for a match made before Matching kept it.</param>
/// <param name="InstitutionName">The expert's institution.</param>
/// <param name="PreviousStatus">Status before the change.</param>
/// <param name="NewStatus">Status after the change.</param>
/// <param name="NeedStatus">The need's status recomputed from all its matches (e.g. <c>done</c> once one is closed with help).</param>
/// <param name="TakenCareOfAt">When the match was first taken in charge (UTC); null when back in the inbox.</param>
/// <param name="ClosedAt">When it was closed or declined (UTC); null while open.</param>
/// <param name="ChangedAt">When the change happened (UTC); receivers keep the latest.</param>
public sealed record MatchStatusChanged(
    Guid EventId,
    Guid MatchId,
    Guid NeedId,
    Guid SolicitationId,
    Guid ExpertId,
    string ExpertName,
    Guid? AntenneId,
    string AntenneName,
    Guid? InstitutionId,
    string InstitutionName,
    string PreviousStatus,
    string NewStatus,
    string NeedStatus,
    DateTime? TakenCareOfAt,
    DateTime? ClosedAt,
    DateTime ChangedAt) : INotification;
