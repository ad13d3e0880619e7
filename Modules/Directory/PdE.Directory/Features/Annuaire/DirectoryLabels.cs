namespace PdE.Directory.Features.Annuaire;

internal static class TerritorialLevels
{
    public static readonly string[] All = ["local", "regional", "national"];

    public static string Label(string level) => level switch
    {
        "national" => "Nationale",
        "regional" => "Régionale",
        _ => "Locale",
    };
}

internal static class InstitutionCategories
{
    public static readonly string[] All = ["chambre", "operateur", "etat", "collectivite", "opco"];

    public static string Label(string? category) => category switch
    {
        null or "" => "—",
        "chambre" => "Chambre consulaire",
        "operateur" => "Opérateur public",
        "etat" => "Services de l’État",
        "collectivite" => "Collectivité territoriale",
        "opco" => "Opérateur de compétences (OPCO)",
        _ => category,
    };
}
