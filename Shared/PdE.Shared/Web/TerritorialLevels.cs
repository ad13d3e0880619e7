namespace PdE.Shared.Web;

public static class TerritorialLevels
{
    public static string Label(string level) => level switch
    {
        "national" => "Nationale",
        "regional" => "Régionale",
        _ => "Locale",
    };
}
