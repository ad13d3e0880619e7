using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// The needs sent to experts, as Matching keeps them now, a page at a time in id order (<paramref name="After"/>: the last
/// id of the previous page, null for the first): what another module rebuilds its own copy from (Stats' rebuild).
/// </summary>
public sealed record GetSentNeedsPage(Guid? After, int Limit) : IQuery<IReadOnlyList<SentNeed>>;

/// <summary>A need sent to at least one expert, with what became of it.</summary>
/// <param name="NeedId">The need.</param>
/// <param name="SolicitationId">The request it came from.</param>
/// <param name="SentAt">When its first match was sent (UTC).</param>
/// <param name="SubjectSlug">Its catalogue subject.</param>
/// <param name="CommuneCode">INSEE code of the company's (or project's) commune; null when unknown.</param>
/// <param name="NafCode">The establishment's activity (NAF rev. 2); null when unknown.</param>
/// <param name="HeadcountBracket">The establishment's INSEE headcount bracket; null when unknown.</param>
/// <param name="InstitutionIds">The institutions of the experts it was sent to (those Matching knows).</param>
/// <param name="FirstTakenInChargeAt">The earliest taking in charge among its matches still taken or closed.</param>
/// <param name="FirstClosedAt">The earliest closing (with or without help, or unreachable) among its matches.</param>
/// <param name="FirstDoneAt">The earliest closing with help among its matches.</param>
/// <param name="Status">The need's status, from all its matches (e.g. <c>taking_care</c>).</param>
public sealed record SentNeed(
    Guid NeedId,
    Guid SolicitationId,
    DateTime SentAt,
    string SubjectSlug,
    string? CommuneCode,
    string? NafCode,
    string? HeadcountBracket,
    IReadOnlyList<Guid> InstitutionIds,
    DateTime? FirstTakenInChargeAt,
    DateTime? FirstClosedAt,
    DateTime? FirstDoneAt,
    string Status);

/// <summary>The matches sent, a page at a time in id order: what another module rebuilds its own copy from.</summary>
public sealed record GetSentMatchesPage(Guid? After, int Limit) : IQuery<IReadOnlyList<SentMatch>>;

/// <summary>A match sent to an expert, with its status now.</summary>
/// <param name="MatchId">The match.</param>
/// <param name="NeedId">Its need.</param>
/// <param name="ExpertId">Directory id of the expert.</param>
/// <param name="AntenneId">Directory id of the expert's antenne; null for a match made before Matching kept it.</param>
/// <param name="InstitutionId">Directory id of the expert's institution; null likewise.</param>
/// <param name="SentAt">When it was sent (UTC).</param>
/// <param name="Status">Its status (<c>quo</c>, <c>taking_care</c>, <c>done</c>, <c>done_no_help</c>, <c>done_not_reachable</c>, <c>not_for_me</c>).</param>
/// <param name="StatusChangedAt">When it last changed (UTC); null while never answered.</param>
public sealed record SentMatch(
    Guid MatchId, Guid NeedId, Guid ExpertId, Guid? AntenneId, Guid? InstitutionId, DateTime SentAt, string Status, DateTime? StatusChangedAt);

/// <summary>The requesters' answers to the satisfaction survey, a page at a time in need id order.</summary>
public sealed record GetSatisfactionAnswersPage(Guid? After, int Limit) : IQuery<IReadOnlyList<SatisfactionAnswer>>;

/// <summary>A requester's answer (the comment itself stays in Matching).</summary>
/// <param name="NeedId">The need the survey was about.</param>
/// <param name="SolicitationId">Its request.</param>
/// <param name="AnsweredAt">When the requester answered (UTC).</param>
/// <param name="ContactedByExpert">An expert did contact the company.</param>
/// <param name="UsefulExchange">The exchange was useful; null when nobody made contact.</param>
/// <param name="HasComment">The requester wrote a comment.</param>
public sealed record SatisfactionAnswer(
    Guid NeedId, Guid SolicitationId, DateTime AnsweredAt, bool ContactedByExpert, bool? UsefulExchange, bool HasComment);
