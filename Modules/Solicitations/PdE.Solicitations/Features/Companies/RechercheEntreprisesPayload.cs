using System.Globalization;
using System.Text.Json;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Companies;

/// <summary>
/// The response of <c>GET /search</c> of the API <i>Recherche d'entreprises</i> (only the fields PdE reads; snake_case on the wire).
/// Shape relied on: <c>results[]</c> are companies (unités légales) with <c>siege</c> (head office) and
/// <c>matching_etablissements[]</c>; a SIRET search puts exactly that establishment in <c>matching_etablissements</c>,
/// a SIREN search leaves it empty (the head office stands for the company), an unknown identifier gives
/// <c>200</c> with empty <c>results</c>, never 404. Company <c>etat_administratif</c> is <c>A</c>/<c>C</c> (ceased),
/// an establishment's <c>A</c>/<c>F</c> (closed). Foreign establishments have <c>code_pays_etranger</c> and no <c>commune</c>.
/// </summary>
internal sealed class SearchPayload
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public List<CompanyPayload>? Results { get; set; }
    public int TotalResults { get; set; }
}

internal sealed class CompanyPayload
{
    public string? Siren { get; set; }
    public string? NomComplet { get; set; }
    public string? NomRaisonSociale { get; set; }
    public string? NatureJuridique { get; set; }
    public string? ActivitePrincipale { get; set; }
    public string? TrancheEffectifSalarie { get; set; }
    public string? DateCreation { get; set; }
    public string? EtatAdministratif { get; set; }
    public EstablishmentPayload? Siege { get; set; }
    public List<EstablishmentPayload>? MatchingEtablissements { get; set; }
    public ComplementsPayload? Complements { get; set; }

    /// <summary>Not in the API: every establishment of a company in the offline demo file.</summary>
    public List<EstablishmentPayload>? Etablissements { get; set; }

    /// <summary>Not in the API: what API Entreprise would say of a demo company's registers (offline demo file only).</summary>
    public DemoRegistersPayload? Registres { get; set; }
}

internal sealed class DemoRegistersPayload
{
    public bool Rcs { get; set; }
    public bool Rm { get; set; }
}

internal sealed class EstablishmentPayload
{
    public string? Siret { get; set; }
    public string? Adresse { get; set; }
    public string? CodePostal { get; set; }
    public string? Commune { get; set; }
    public string? LibelleCommune { get; set; }
    public string? LibelleCommuneEtranger { get; set; }
    public string? CodePaysEtranger { get; set; }
    public string? LibellePaysEtranger { get; set; }
    public string? ActivitePrincipale { get; set; }

    /// <summary>The craft activity (APRM, NAFA code such as <c>4520AB</c>) of an establishment registered at the RM; null otherwise.</summary>
    public string? ActivitePrincipaleRegistreMetier { get; set; }

    public string? TrancheEffectifSalarie { get; set; }
    public string? DateCreation { get; set; }
    public string? EtatAdministratif { get; set; }
    public bool EstSiege { get; set; }
    public string? NomCommercial { get; set; }
    public List<string>? ListeEnseignes { get; set; }
}

internal sealed class ComplementsPayload
{
    public bool? EstEntrepreneurIndividuel { get; set; }
    public bool? EstAssociation { get; set; }
}

/// <summary>Turns the API's companies into the establishments intake works with.</summary>
internal static class RegistryResults
{
    private const string SoleProprietorLegalForm = "1000";

    // What the API writes in place of the fields a company asked INSEE not to publish (diffusion partielle).
    private const string Masked = "[NON-DIFFUSIBLE]";

    public static CompanySearch Unavailable { get; } = new(true, []);

    public static CompanySearch Empty { get; } = new(false, []);

    /// <summary>The matched establishments of each company, or its head office when none matched (a SIREN search).</summary>
    public static CompanySearch ToSearch(IEnumerable<CompanyPayload> companies) =>
        new(false, companies
            .SelectMany(c => (c.MatchingEtablissements is { Count: > 0 } matching ? matching : c.Siege is { } siege ? [siege] : [])
                .Where(e => e.Siret is { Length: 14 })
                .Select(e => ToEstablishment(c, e)))
            .DistinctBy(e => e.Siret)
            .Take(RegistryQuery.MaximumResults)
            .ToList());

    public static EstablishmentLookup ToLookup(CompanySearch search, string siret) =>
        search.RegistryUnavailable
            ? new EstablishmentLookup(true, null)
            : new EstablishmentLookup(false, search.Establishments.FirstOrDefault(e => e.Siret == siret));

    private static RegisteredEstablishment ToEstablishment(CompanyPayload company, EstablishmentPayload matched)
    {
        // matching_etablissements lack the foreign-address fields that siege has: take the head office's copy when it is the one.
        var establishment = company.Siege is { } siege && siege.Siret == matched.Siret ? siege : matched;
        var isAbroad = !string.IsNullOrWhiteSpace(establishment.CodePaysEtranger) || string.IsNullOrWhiteSpace(establishment.Commune);
        return new RegisteredEstablishment(
            establishment.Siret!,
            company.Siren ?? establishment.Siret![..9],
            CompanyName(company),
            establishment.ListeEnseignes?.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)) ?? NullIfBlank(establishment.NomCommercial),
            NullIfBlank(establishment.Adresse),
            NullIfBlank(establishment.CodePostal),
            NullIfBlank(establishment.LibelleCommune) ?? NullIfBlank(establishment.LibelleCommuneEtranger),
            isAbroad ? null : establishment.Commune,
            NullIfBlank(establishment.ActivitePrincipale) ?? NullIfBlank(company.ActivitePrincipale),
            NullIfBlank(company.NatureJuridique),
            NullIfBlank(establishment.TrancheEffectifSalarie),
            NullIfBlank(company.TrancheEffectifSalarie),
            ParseDate(establishment.DateCreation) ?? ParseDate(company.DateCreation),
            establishment.EstSiege,
            establishment.EtatAdministratif == "A" && company.EtatAdministratif != "C",
            isAbroad,
            NullIfBlank(establishment.LibellePaysEtranger),
            company.Complements?.EstEntrepreneurIndividuel ?? company.NatureJuridique == SoleProprietorLegalForm,
            company.Complements?.EstAssociation ?? false,
            NullIfBlank(establishment.ActivitePrincipaleRegistreMetier) ?? NullIfBlank(company.Siege?.ActivitePrincipaleRegistreMetier));
    }

    /// <summary>nom_complet may carry empty parentheses (<c>CAPGEMINI CONSULTING ()</c>); the legal name is cleaner when there is one.</summary>
    private static string CompanyName(CompanyPayload company) =>
        NullIfBlank(company.NomRaisonSociale)
        ?? NullIfBlank(company.NomComplet?.Replace("()", string.Empty, StringComparison.Ordinal).Trim())
        ?? company.Siren
        ?? string.Empty;

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) || value.Trim() == Masked ? null : value.Trim();
}
