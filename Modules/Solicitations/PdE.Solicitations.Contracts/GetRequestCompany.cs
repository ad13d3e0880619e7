using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// The company of a sent request as intake stored it (from the registry): asked by Matching when an expert opens the
/// need, so the expert knows where the company is and what it does before calling.
/// </summary>
/// <param name="SolicitationId">The request.</param>
public sealed record GetRequestCompany(Guid SolicitationId) : IQuery<RequestCompany?>;

/// <summary>What the registry said of the establishment; null when the request is unknown. Every field may be missing.</summary>
/// <param name="CommuneCode">INSEE code of the establishment's commune (or the commune typed for a project).</param>
/// <param name="NafCode">Activity code, e.g. <c>10.71C</c>.</param>
/// <param name="HeadcountBracket">INSEE headcount bracket code, e.g. <c>03</c> (6 to 9 employees).</param>
/// <param name="CreatedOn">Creation date of the company.</param>
public sealed record RequestCompany(string? CommuneCode, string? NafCode, string? HeadcountBracket, DateOnly? CreatedOn);
