using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// Where companies are looked up. Never throws for a registry failure: the answer says
/// <see cref="CompanySearch.RegistryUnavailable"/> instead, so intake can go on with the SIRET alone.
/// </summary>
internal interface ICompanyRegistry
{
    /// <summary>At most ten establishments for a name, a SIREN (9 digits) or a SIRET (14 digits, spaces allowed).</summary>
    Task<CompanySearch> SearchAsync(string text, CancellationToken cancellationToken);

    Task<EstablishmentLookup> GetEstablishmentAsync(string siret, CancellationToken cancellationToken);
}
