using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// The agents' search box, requests side (the triage desk's, so for the team only): the sent requests whose requester, e-mail,
/// company, SIRET (or SIREN), subject or description hold every word of <paramref name="Text"/>, accent- and case-insensitively.
/// </summary>
/// <param name="Text">What the agent typed.</param>
/// <param name="Limit">At most this many requests (newest first) and this many companies.</param>
public sealed record SearchRequests(string Text, int Limit = 5) : IQuery<FoundRequests>;

/// <summary>What the search found among requests.</summary>
/// <param name="Count">How many requests were found; when <paramref name="CountCapped"/>, how many were counted before the search stopped.</param>
/// <param name="CountCapped">More were found than counted: « plus de {Count} ».</param>
/// <param name="Requests">The newest ones.</param>
/// <param name="Companies">The companies of the requests found (by SIRET), the most recently active first.</param>
public sealed record FoundRequests(int Count, bool CountCapped, IReadOnlyList<FoundRequest> Requests, IReadOnlyList<FoundCompany> Companies);

/// <summary>A request found, for its line in the results.</summary>
/// <param name="Id">The request (its desk page: /conseiller/sollicitations/{Id}).</param>
/// <param name="FullName">The requester.</param>
/// <param name="CompanyName">The company, when known.</param>
/// <param name="Siret">14 digits, when given.</param>
/// <param name="SubjectSlug">Its subject.</param>
/// <param name="StatusLabel">As the desk's badge says it (« Reçue », « Mise en relation »…).</param>
/// <param name="SubmittedAt">When it was sent (UTC).</param>
public sealed record FoundRequest(
    Guid Id, string FullName, string? CompanyName, string? Siret, string SubjectSlug, string StatusLabel, DateTime SubmittedAt);

/// <summary>A company as a search found it among requests or needs.</summary>
/// <param name="Siret">14 digits.</param>
/// <param name="Name">Its name as last given, when known.</param>
/// <param name="Count">How many of the requests (or needs) found are about it.</param>
public sealed record FoundCompany(string Siret, string? Name, int Count);
