using PdE.Shared.Validation;

namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// The embedded default (offline registry, no token): the answers API Entreprise would give for the demo companies,
/// kept beside them in the demo file (<c>registres</c>). A company that is not a demo one is unknown.
/// </summary>
internal sealed class OfflineCompanyRegisters : ICompanyRegisters
{
    private static readonly IReadOnlyDictionary<string, DemoRegistersPayload> Registers = OfflineCompanyRegistry.DemoCompanies
        .Where(c => c.Siren is not null && c.Registres is not null)
        .ToDictionary(c => c.Siren!, c => c.Registres!);

    public Task<RegistersCheck> CheckAsync(string siret, CancellationToken cancellationToken)
    {
        var normalized = Siret.Normalize(siret);
        var check = normalized.Length == 14 && Registers.TryGetValue(normalized[..9], out var registers)
            ? new RegistersCheck(Of(registers.Rcs), Of(registers.Rm), WorthRetrying: false)
            : new RegistersCheck(Registration.Unknown, Registration.Unknown, WorthRetrying: false);
        return Task.FromResult(check);
    }

    private static Registration Of(bool registered) => registered ? Registration.Registered : Registration.NotRegistered;
}
