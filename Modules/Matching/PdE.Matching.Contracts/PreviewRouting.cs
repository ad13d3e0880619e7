using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// Who would receive a need on this subject, for this company, if it were sent now? Asked by the triage desk before it
/// validates a request: a request nobody covers stays on the desk « À orienter » with the reason, instead of being
/// validated and routed to nobody.
/// </summary>
/// <param name="SubjectSlug">Catalogue subject of the request.</param>
/// <param name="CommuneCode">INSEE code of the establishment's (or project's) commune, when known.</param>
/// <param name="CreatedOn">Creation date of the company, for the match filters.</param>
/// <param name="HeadcountBracket">INSEE headcount bracket of the establishment.</param>
/// <param name="NafCode">NAF code of the establishment.</param>
/// <param name="LegalFormCode">INSEE legal category of the company.</param>
/// <param name="InRcs">Registered at the RCS; null: unknown (the register rules then exclude nobody).</param>
/// <param name="InRm">Registered at the RM; null: unknown.</param>
/// <param name="Answers">The requester's yes/no answers, which the catalogue may use to restrict institutions; null: none.</param>
public sealed record PreviewRouting(
    string SubjectSlug,
    string? CommuneCode,
    DateOnly? CreatedOn,
    string? HeadcountBracket,
    string? NafCode,
    string? LegalFormCode,
    bool? InRcs = null,
    bool? InRm = null,
    IReadOnlyList<RoutingAnswer>? Answers = null) : IQuery<RoutingPreview>;

/// <summary>One of the requester's yes/no answers, as routing reads it.</summary>
/// <param name="Slug">The question's slug in the catalogue; null when not known.</param>
/// <param name="Question">The question as it was asked.</param>
/// <param name="Answer">Yes, no, or null when left unanswered.</param>
public sealed record RoutingAnswer(string? Slug, string Question, bool? Answer);

/// <summary>The answer to <see cref="PreviewRouting"/>.</summary>
/// <param name="ExpertCount">How many experts would receive the need.</param>
/// <param name="InstitutionNames">Their institutions, each once, in French alphabetical order.</param>
/// <param name="WhyNobody">When nobody would: why, in French, for the team (null otherwise).</param>
/// <param name="UsedSupportFallback">Nobody of the subject fits: the experts are the support subject's, the team's fallback.</param>
public sealed record RoutingPreview(int ExpertCount, IReadOnlyList<string> InstitutionNames, string? WhyNobody, bool UsedSupportFallback = false);
