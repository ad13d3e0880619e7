using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>What does the company registry know about this SIRET?</summary>
/// <param name="Siret">14 digits; spaces are ignored.</param>
public sealed record GetEstablishment(string Siret) : IQuery<EstablishmentLookup>;

/// <summary>
/// The answer to <see cref="GetEstablishment"/>. The cases a caller must tell apart:
/// registry unavailable (<see cref="RegistryUnavailable"/>); not found (no <see cref="Establishment"/>);
/// closed (<see cref="RegisteredEstablishment.IsOpen"/> false); abroad (<see cref="RegisteredEstablishment.IsAbroad"/>).
/// </summary>
/// <param name="RegistryUnavailable">The registry could not be asked: the SIRET may well exist (degraded mode).</param>
/// <param name="Establishment">The establishment, or null when the registry answered and does not know this SIRET.</param>
public sealed record EstablishmentLookup(bool RegistryUnavailable, RegisteredEstablishment? Establishment);
