using System.Globalization;
using System.Text;
using System.Text.Json;
using PdE.Shared.Validation;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// Fictional demo companies shipped with the code, for the embedded default (no network needed). They are stored in the
/// API's own shape and searched the way the API searches: a SIRET finds that establishment, a SIREN the head office,
/// words find the establishments whose company name, sign, address or city contain them all (accents and case ignored).
/// </summary>
internal sealed class OfflineCompanyRegistry : ICompanyRegistry
{
    private const string ResourceName = "PdE.Solicitations.Companies.DemoCompanies.json";

    /// <summary>The demo file, read once.</summary>
    public static IReadOnlyList<CompanyPayload> DemoCompanies { get; } = Load();

    private readonly IReadOnlyList<CompanyPayload> companies = DemoCompanies;

    public Task<CompanySearch> SearchAsync(string text, CancellationToken cancellationToken)
    {
        var query = RegistryQuery.Parse(text);
        return Task.FromResult(query is null ? RegistryResults.Empty : RegistryResults.ToSearch(Find(query)));
    }

    public async Task<EstablishmentLookup> GetEstablishmentAsync(string siret, CancellationToken cancellationToken)
    {
        var normalized = Siret.Normalize(siret);
        return RegistryResults.ToLookup(await SearchAsync(normalized, cancellationToken), normalized);
    }

    private IEnumerable<CompanyPayload> Find(RegistryQuery query)
    {
        var words = Fold(query.Text).Split(' ');
        foreach (var company in companies)
        {
            var establishments = company.Etablissements ?? [];
            List<EstablishmentPayload>? matching = query.Kind switch
            {
                RegistryQueryKind.Siret => establishments.Where(e => e.Siret == query.Text).ToList(),
                RegistryQueryKind.Siren => company.Siren == query.Text ? [] : null,
                _ => establishments.Where(e => words.All(Fold(Searchable(company, e)).Contains)).ToList(),
            };

            // A SIREN search returns the company with no matched establishment, like the API.
            if (matching is null || (matching.Count == 0 && query.Kind != RegistryQueryKind.Siren))
            {
                continue;
            }

            yield return new CompanyPayload
            {
                Siren = company.Siren,
                NomComplet = company.NomComplet,
                NomRaisonSociale = company.NomRaisonSociale,
                NatureJuridique = company.NatureJuridique,
                ActivitePrincipale = company.ActivitePrincipale,
                TrancheEffectifSalarie = company.TrancheEffectifSalarie,
                DateCreation = company.DateCreation,
                EtatAdministratif = company.EtatAdministratif,
                Complements = company.Complements,
                Siege = establishments.FirstOrDefault(e => e.EstSiege),
                MatchingEtablissements = matching,
            };
        }
    }

    private static string Searchable(CompanyPayload company, EstablishmentPayload establishment) => string.Join(' ',
        company.NomComplet, company.NomRaisonSociale, establishment.NomCommercial, string.Join(' ', establishment.ListeEnseignes ?? []),
        establishment.Adresse, establishment.LibelleCommune, establishment.LibelleCommuneEtranger);

    /// <summary>Upper case without accents or apostrophes, so "cafe de l'ecole" finds "CAFÉ DE L’ÉCOLE".</summary>
    private static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c is '\'' or '’' or '-' ? ' ' : char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static List<CompanyPayload> Load()
    {
        using var stream = typeof(OfflineCompanyRegistry).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The demo companies ({ResourceName}) are not embedded in the assembly.");
        return JsonSerializer.Deserialize<List<CompanyPayload>>(stream, SearchPayload.JsonOptions) ?? [];
    }
}
