using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>Which experts can handle a need on this subject for a company in this commune?</summary>
/// <param name="SubjectSlug">Catalogue subject of the need.</param>
/// <param name="CommuneCode">INSEE code of the establishment's commune, when known.</param>
/// <param name="Company">What is known of the company, for the institutions' and antennes' match filters. Without it, an
/// expert whose filters ask for any fact is left out (a missing fact fails the criterion that needs it).</param>
public sealed record FindExpertsForNeed(string SubjectSlug, string? CommuneCode, CompanyFacts? Company = null)
    : IQuery<IReadOnlyList<ExpertCandidate>>;

/// <summary>The company facts match filters read.</summary>
/// <param name="CreatedOn">Creation date of the company (SIRENE).</param>
/// <param name="HeadcountBracket">INSEE headcount bracket ("tranche d'effectif") of the establishment, e.g. "12" for 20 to 49.</param>
/// <param name="NafCode">NAF code of the establishment, with or without the dot ("62.02A" or "6202A").</param>
/// <param name="LegalFormCode">4-digit INSEE legal category of the company, e.g. "5710" for a SAS.</param>
public sealed record CompanyFacts(DateOnly? CreatedOn, string? HeadcountBracket, string? NafCode, string? LegalFormCode);

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
