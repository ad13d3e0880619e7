namespace PdE.Solicitations;

internal static class SolicitationsSchema
{
    public const string Name = "solicitations";
}
