using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>Words for a company's codes, from the reference data: "Nantes", "Boulangerie et boulangerie-pâtisserie", "6 à 9 salariés".</summary>
/// <param name="CommuneCode">INSEE commune code.</param>
/// <param name="NafCode">NAF code, e.g. <c>10.71C</c>.</param>
/// <param name="HeadcountBracket">INSEE headcount bracket code, e.g. <c>03</c>.</param>
public sealed record DescribeCompany(string? CommuneCode, string? NafCode, string? HeadcountBracket) : IQuery<CompanyDescription>;

/// <summary>The words; each is null when its code is missing or unknown.</summary>
/// <param name="CommuneName">E.g. <c>Paris 11e Arrondissement</c>.</param>
/// <param name="DepartementName">The commune's département, e.g. <c>Paris</c>.</param>
/// <param name="NafLabel">The activity's label.</param>
/// <param name="HeadcountLabel">E.g. <c>6 à 9 salariés</c>.</param>
/// <param name="CommunePostcode">The commune's postcode, the lowest of several (e.g. <c>75011</c>).</param>
public sealed record CompanyDescription(string? CommuneName, string? DepartementName, string? NafLabel, string? HeadcountLabel, string? CommunePostcode = null);
