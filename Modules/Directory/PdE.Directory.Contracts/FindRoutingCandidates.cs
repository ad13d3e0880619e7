using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// Who could take a need on this subject in this commune, and what could rule each of them out? Every expert of the subject
/// covering the commune (the rules of <see cref="FindExpertsForNeed"/>), with the match
/// filters of their antenne and institution left for the asker to apply, and the institutions of the subject that nobody
/// covers there. Unlike <see cref="FindExpertsForNeed"/>, nothing is filtered out, so each choice can be explained.
/// </summary>
/// <param name="SubjectSlug">Catalogue subject of the need.</param>
/// <param name="CommuneCode">INSEE code of the establishment's commune; null when unknown (then only global-zone experts cover it).</param>
public sealed record FindRoutingCandidates(string SubjectSlug, string? CommuneCode) : IQuery<RoutingCandidates>;

/// <summary>
/// Which experts of the catalogue's support subject (<c>is_support</c>) cover this commune? The team falls back on them when
/// no expert of the need's subject fits. Archived support subjects give none.
/// </summary>
/// <param name="CommuneCode">INSEE code of the establishment's commune; null when unknown (then only global-zone experts cover it).</param>
public sealed record FindSupportExperts(string? CommuneCode) : IQuery<IReadOnlyList<RoutingCandidate>>;

/// <summary>The answer to <see cref="FindRoutingCandidates"/>.</summary>
/// <param name="SubjectExists">The subject is in the catalogue, archived or not.</param>
/// <param name="SubjectArchived">The subject is archived: nobody is proposed for it, and no institution listed.</param>
/// <param name="CommuneName">The commune's name (e.g. <c>Nantes</c>); null without a commune or for a code outside the reference data.</param>
/// <param name="Experts">Experts of the subject covering the commune, ordered by institution, antenne and name (French collation).</param>
/// <param name="InstitutionsWithoutCoverage">Institutions offering the subject none of whose experts covers the commune, by name.</param>
/// <param name="AnswerRules">The subject's questions that restrict institutions: an institution is left out when the
/// requester answered the other way. Null or empty: no question restricts anyone.</param>
public sealed record RoutingCandidates(
    bool SubjectExists,
    bool SubjectArchived,
    string? CommuneName,
    IReadOnlyList<RoutingCandidate> Experts,
    IReadOnlyList<UncoveredInstitution> InstitutionsWithoutCoverage,
    IReadOnlyList<AnswerRule>? AnswerRules = null);

/// <summary>An institution takes the subject's needs only when the requester gave <paramref name="RequiredAnswer"/> to a question.</summary>
/// <param name="QuestionSlug">The question's slug within its subject, e.g. <c>financement-bancaire</c>.</param>
/// <param name="Question">The question as the catalogue words it now.</param>
/// <param name="InstitutionId">The institution it restricts.</param>
/// <param name="RequiredAnswer">The answer the institution needs (yes or no).</param>
public sealed record AnswerRule(string QuestionSlug, string Question, Guid InstitutionId, bool RequiredAnswer);

/// <summary>An expert covering the commune, with what decides whether they get the need.</summary>
/// <param name="ExpertId">Directory id of the expert (person or team).</param>
/// <param name="FullName">Name shown to the company and the team.</param>
/// <param name="Email">Where the match e-mail goes.</param>
/// <param name="HasAccount">An account (not deleted, invitation accepted or not) answers for the expert. Without one the
/// expert can be e-mailed but cannot answer on the site.</param>
/// <param name="AntenneId">Antenne the expert belongs to.</param>
/// <param name="AntenneName">Its name.</param>
/// <param name="InstitutionId">Institution of the antenne.</param>
/// <param name="InstitutionName">Its name.</param>
/// <param name="InstitutionSlug">Its slug (e.g. <c>cci-nantes</c>), which the register rules read (a CMA or a CCI).</param>
/// <param name="Coverage">How the expert covers the commune: <c>OwnCommunes</c> (the commune is among the expert's own),
/// <c>Antenne</c> (the expert has no own communes and its antenne covers the commune) or <c>GlobalZone</c> (the expert covers
/// all of France). An expert covering it two ways is given the first of these.</param>
/// <param name="MatchFilters">Every filter of the expert's antenne and of its institution, whatever their subjects;
/// <see cref="MatchFilter.InForce"/> picks those deciding for a subject. Empty: nothing filters the expert out.</param>
public sealed record RoutingCandidate(
    Guid ExpertId,
    string FullName,
    string Email,
    bool HasAccount,
    Guid AntenneId,
    string AntenneName,
    Guid InstitutionId,
    string InstitutionName,
    string InstitutionSlug,
    string Coverage,
    IReadOnlyList<MatchFilter> MatchFilters);

/// <summary>An institution offering the subject of which no expert covers the commune.</summary>
/// <param name="InstitutionId">Directory id of the institution.</param>
/// <param name="InstitutionName">Its name.</param>
/// <param name="InstitutionSlug">Its slug.</param>
public sealed record UncoveredInstitution(Guid InstitutionId, string InstitutionName, string InstitutionSlug);
