using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>Which experts can handle a need on this subject for a company in this commune?</summary>
/// <param name="SubjectSlug">Catalogue subject of the need.</param>
/// <param name="CommuneCode">INSEE code of the establishment's commune, when known.</param>
public sealed record FindExpertsForNeed(string SubjectSlug, string? CommuneCode) : IQuery<IReadOnlyList<ExpertCandidate>>;

/// <summary>An expert the need may be sent to, with the institution and antenne they answer for.</summary>
/// <param name="ExpertId">Directory id of the expert (person or team).</param>
/// <param name="FullName">Name shown to the company and the team.</param>
/// <param name="Email">Where the match e-mail goes.</param>
/// <param name="AntenneId">Antenne the expert belongs to.</param>
/// <param name="AntenneName">Its name.</param>
/// <param name="InstitutionId">Institution of the antenne.</param>
/// <param name="InstitutionName">Its name.</param>
public sealed record ExpertCandidate(
    Guid ExpertId,
    string FullName,
    string Email,
    Guid AntenneId,
    string AntenneName,
    Guid InstitutionId,
    string InstitutionName);
