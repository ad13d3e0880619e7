using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// The agents' search box, needs side: the needs the agent may see (an admin: every need; another agent: the needs sent to
/// the experts they answer for, and for a manager to the experts of the antennes they follow) whose company, SIRET (or
/// SIREN), subject or description hold every word of <paramref name="Text"/>, accent- and case-insensitively.
/// </summary>
/// <param name="UserId">The signed-in agent.</param>
/// <param name="IsAdmin">An admin sees every need.</param>
/// <param name="IsManager">An antenne manager also sees their perimeter's needs.</param>
/// <param name="Text">What the agent typed.</param>
/// <param name="Limit">At most this many needs (newest first) and this many companies.</param>
public sealed record SearchNeeds(Guid UserId, bool IsAdmin, bool IsManager, string Text, int Limit = 5) : IQuery<FoundNeeds>;

/// <summary>What the search found among needs.</summary>
/// <param name="Count">How many needs were found; when <paramref name="CountCapped"/>, how many were counted before the search stopped.</param>
/// <param name="CountCapped">More were found than counted: « plus de {Count} ».</param>
/// <param name="Needs">The newest ones (when capped, the newest of those counted).</param>
/// <param name="Companies">The companies of the needs counted (by SIRET), the most recent first.</param>
public sealed record FoundNeeds(int Count, bool CountCapped, IReadOnlyList<FoundNeed> Needs, IReadOnlyList<FoundNeedCompany> Companies);

/// <summary>A need found, for its line in the results.</summary>
/// <param name="NeedId">The need (its page: /conseiller/besoins/{NeedId}).</param>
/// <param name="CompanyName">The company, when known.</param>
/// <param name="Siret">14 digits.</param>
/// <param name="SubjectSlug">Its subject.</param>
/// <param name="StatusLabel">The need's status in French (« Pris en charge »…).</param>
/// <param name="At">When it was created (for an admin) or sent to the agent's expert (UTC).</param>
public sealed record FoundNeed(Guid NeedId, string? CompanyName, string Siret, string SubjectSlug, string StatusLabel, DateTime At);

/// <summary>A company as the search found it among needs.</summary>
/// <param name="Siret">14 digits.</param>
/// <param name="Name">Its name as last given, when known.</param>
/// <param name="Count">How many of the needs counted are about it.</param>
public sealed record FoundNeedCompany(string Siret, string? Name, int Count);
