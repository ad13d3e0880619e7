using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.Companies;

namespace PdE.Solicitations.Features.RequestForm.SuggestCompanies;

/// <summary>
/// What the form's autocomplete receives. <see cref="RegistryUnavailable"/> lets it say "enter your SIRET" instead of
/// "no company found"; closed and foreign establishments are listed so the form can explain why they cannot be chosen.
/// </summary>
internal sealed record CompanySuggestions(bool RegistryUnavailable, IReadOnlyList<CompanySuggestion> Suggestions)
{
    public static CompanySuggestions From(CompanySearch search) => new(
        search.RegistryUnavailable,
        search.Establishments.Select(e => new CompanySuggestion(
            e.Siret, e.CompanyName, e.EstablishmentName, e.Address, e.Postcode, e.City, e.IsHeadOffice, e.IsOpen, e.IsAbroad)).ToList());
}

internal sealed record CompanySuggestion(
    string Siret,
    string Name,
    string? EstablishmentName,
    string? Address,
    string? Postcode,
    string? City,
    bool IsHeadOffice,
    bool IsOpen,
    bool IsAbroad);
