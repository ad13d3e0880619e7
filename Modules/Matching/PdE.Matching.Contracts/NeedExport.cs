using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// The needs with these ids as Matching keeps them now: the rows of an export an admin or a manager asked for (Stats'
/// exports, which chose the ids). Ids unknown, or of needs never sent, are left out.
/// </summary>
public sealed record GetNeedsForExport(IReadOnlyList<Guid> NeedIds) : IQuery<IReadOnlyList<NeedForExport>>;

/// <summary>One need sent to experts, as an export shows it.</summary>
/// <param name="NeedId">The need.</param>
/// <param name="SolicitationId">The request it came from.</param>
/// <param name="SentAt">When its first match was sent (UTC).</param>
/// <param name="SubjectSlug">Its catalogue subject.</param>
/// <param name="Siret">The company's establishment; empty for a project without a company.</param>
/// <param name="CompanyName">As the registry named it.</param>
/// <param name="CommuneCode">INSEE code of the company's (or project's) commune.</param>
/// <param name="Status">The need's status from all its matches, as agents read it (« Pris en charge »).</param>
/// <param name="FirstTakenInChargeAt">The earliest taking in charge among its matches still taken or closed (UTC).</param>
/// <param name="FirstClosedAt">The earliest closing among its matches (UTC).</param>
/// <param name="Experts">The experts it was sent to, « name (institution) », in the order they were sent.</param>
/// <param name="Description">The need in the requester's words.</param>
public sealed record NeedForExport(
    Guid NeedId,
    Guid SolicitationId,
    DateTime SentAt,
    string SubjectSlug,
    string Siret,
    string? CompanyName,
    string? CommuneCode,
    string Status,
    DateTime? FirstTakenInChargeAt,
    DateTime? FirstClosedAt,
    IReadOnlyList<string> Experts,
    string Description);

/// <summary>The matches with these ids, likewise (Stats' exports of matches).</summary>
public sealed record GetMatchesForExport(IReadOnlyList<Guid> MatchIds) : IQuery<IReadOnlyList<MatchForExport>>;

/// <summary>One match sent to an expert, as an export shows it.</summary>
/// <param name="MatchId">The match.</param>
/// <param name="NeedId">Its need.</param>
/// <param name="SolicitationId">The request the need came from.</param>
/// <param name="SentAt">When it was sent (UTC).</param>
/// <param name="SubjectSlug">The need's catalogue subject.</param>
/// <param name="Siret">The company's establishment; empty for a project without a company.</param>
/// <param name="CompanyName">As the registry named it.</param>
/// <param name="CommuneCode">INSEE code of the company's (or project's) commune.</param>
/// <param name="ExpertName">The expert, as named when the match was sent.</param>
/// <param name="ExpertEmail">The expert's address then.</param>
/// <param name="AntenneName">The expert's antenne then.</param>
/// <param name="InstitutionName">The expert's institution then.</param>
/// <param name="Status">Its status, as agents read it (« En attente de réponse », « Refusé »…).</param>
/// <param name="TakenInChargeAt">When the expert took it in charge, if they still hold it taken or closed (UTC).</param>
/// <param name="ClosedAt">When the expert closed or declined it (UTC).</param>
public sealed record MatchForExport(
    Guid MatchId,
    Guid NeedId,
    Guid SolicitationId,
    DateTime SentAt,
    string SubjectSlug,
    string Siret,
    string? CompanyName,
    string? CommuneCode,
    string ExpertName,
    string ExpertEmail,
    string AntenneName,
    string InstitutionName,
    string Status,
    DateTime? TakenInChargeAt,
    DateTime? ClosedAt);
