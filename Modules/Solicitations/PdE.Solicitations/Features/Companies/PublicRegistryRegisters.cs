
namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// Without an API Entreprise token: what the public registry (Recherche d'entreprises) tells. An establishment with a
/// craft activity code (<c>activite_principale_registre_metier</c>) is registered at the RM; nothing else can be told,
/// so this source never raises the "neither RCS nor RM" flag.
/// </summary>
internal sealed class PublicRegistryRegisters(ICompanyRegistry registry) : ICompanyRegisters
{
    public async Task<RegistersCheck> CheckAsync(string siret, CancellationToken cancellationToken)
    {
        var lookup = await registry.GetEstablishmentAsync(siret, cancellationToken);
        if (lookup.RegistryUnavailable)
        {
            return RegistersCheck.Failed;
        }

        var rm = lookup.Establishment?.CraftActivityCode is null ? Registration.Unknown : Registration.Registered;
        return new RegistersCheck(Registration.Unknown, rm, WorthRetrying: false);
    }
}
