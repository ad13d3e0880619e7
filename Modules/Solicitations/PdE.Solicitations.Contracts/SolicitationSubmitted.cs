using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>An entrepreneur sent a request from the public site (last step of the form); it is saved and awaits routing.</summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="SolicitationId">The saved request.</param>
/// <param name="Siret">The establishment's SIRET (14 digits, checked); empty when the subject asked for a commune instead
/// of a company (a project without a company yet, see <paramref name="CommuneCode"/>).</param>
/// <param name="SubjectSlug">The catalogue subject the request is about.</param>
/// <param name="Description">The requester's own words.</param>
/// <param name="SubmittedAt">When it was sent (UTC).</param>
/// <param name="CommuneCode">INSEE code of the establishment's commune (or of the project's); null when unknown (registry
/// pending, or abroad).</param>
/// <param name="Company">What the registry said of the company when the request was sent; null without a SIRET.
/// Its fields are null while <paramref name="RegistryPending"/>.</param>
/// <param name="Amount">Amount sought in euros, for subjects that ask for it.</param>
/// <param name="RegistryPending">The registry was unavailable: the SIRET is checked for format only and the company facts
/// (and commune) are filled later by the enrichment job, in the request itself.</param>
public sealed record SolicitationSubmitted(
    Guid EventId,
    Guid SolicitationId,
    string Siret,
    string SubjectSlug,
    string Description,
    DateTime SubmittedAt,
    string? CommuneCode = null,
    CompanyFacts? Company = null,
    int? Amount = null,
    bool RegistryPending = false) : INotification;

/// <summary>The few company facts intake keeps from the registry.</summary>
/// <param name="Name">Legal name (raison sociale).</param>
/// <param name="NafCode">Main activity of the establishment (NAF rev. 2, e.g. <c>10.71C</c>).</param>
/// <param name="LegalFormCode">INSEE legal category (e.g. <c>5499</c>).</param>
/// <param name="HeadcountBracket">INSEE headcount bracket of the establishment (e.g. <c>03</c>).</param>
/// <param name="CreatedOn">Creation date of the establishment.</param>
public sealed record CompanyFacts(string? Name, string? NafCode, string? LegalFormCode, string? HeadcountBracket, DateOnly? CreatedOn);
