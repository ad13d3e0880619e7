namespace PdE.Solicitations.Features.Companies;

/// <summary>What the registry found for what a person typed (a name, a SIREN or a SIRET).</summary>
/// <param name="RegistryUnavailable">The registry could not be asked (down, slow, or answering nonsense): the list is empty
/// but that says nothing about whether the company exists, and the caller should let the person go on with the SIRET alone.</param>
/// <param name="Establishments">At most ten establishments, best match first.</param>
internal sealed record CompanySearch(bool RegistryUnavailable, IReadOnlyList<RegisteredEstablishment> Establishments);

/// <summary>One establishment (SIRET) as the registry knows it, with the few facts of its company (SIREN) intake needs.</summary>
/// <param name="Siret">14 digits.</param>
/// <param name="Siren">9 digits: the company.</param>
/// <param name="CompanyName">Legal name (raison sociale), or the person's name for a sole proprietor.</param>
/// <param name="EstablishmentName">Sign (enseigne) or trade name of this establishment, when it has one.</param>
/// <param name="Address">Postal address in one line, as the registry writes it.</param>
/// <param name="Postcode">Postcode, when in France.</param>
/// <param name="City">Commune name (or foreign city).</param>
/// <param name="CommuneCode">INSEE code of the commune (arrondissement code in Paris, Lyon and Marseille); null abroad.</param>
/// <param name="NafCode">Main activity of the establishment (NAF rev. 2, e.g. <c>10.71C</c>).</param>
/// <param name="LegalFormCode">INSEE legal category of the company (nature juridique, e.g. <c>5499</c>).</param>
/// <param name="HeadcountBracket">INSEE headcount bracket of the establishment (tranche d'effectif, e.g. <c>03</c>, <c>NN</c>).</param>
/// <param name="CompanyHeadcountBracket">INSEE headcount bracket of the whole company.</param>
/// <param name="CreatedOn">Creation date of the establishment.</param>
/// <param name="IsHeadOffice">This establishment is the company's head office (siège).</param>
/// <param name="IsOpen">Both the establishment and its company are active (not closed, not ceased).</param>
/// <param name="IsAbroad">The establishment is outside France: it has no French commune to route the request to.</param>
/// <param name="Country">Country name when abroad.</param>
/// <param name="IsSoleProprietor">The company is an individual entrepreneur (entrepreneur individuel).</param>
/// <param name="IsAssociation">The company is an association.</param>
/// <param name="CraftActivityCode">The craft activity (APRM, NAFA code) when the establishment is registered at the RM (répertoire des métiers).</param>
internal sealed record RegisteredEstablishment(
    string Siret,
    string Siren,
    string CompanyName,
    string? EstablishmentName,
    string? Address,
    string? Postcode,
    string? City,
    string? CommuneCode,
    string? NafCode,
    string? LegalFormCode,
    string? HeadcountBracket,
    string? CompanyHeadcountBracket,
    DateOnly? CreatedOn,
    bool IsHeadOffice,
    bool IsOpen,
    bool IsAbroad,
    string? Country,
    bool IsSoleProprietor,
    bool IsAssociation,
    string? CraftActivityCode = null);

/// <summary>
/// What the registry knows about one SIRET. The cases a caller must tell apart:
/// registry unavailable (<see cref="RegistryUnavailable"/>); not found (no <see cref="Establishment"/>);
/// closed (<see cref="RegisteredEstablishment.IsOpen"/> false); abroad (<see cref="RegisteredEstablishment.IsAbroad"/>).
/// </summary>
/// <param name="RegistryUnavailable">The registry could not be asked: the SIRET may well exist (degraded mode).</param>
/// <param name="Establishment">The establishment, or null when the registry answered and does not know this SIRET.</param>
internal sealed record EstablishmentLookup(bool RegistryUnavailable, RegisteredEstablishment? Establishment);
