namespace PdE.Solicitations.Data;

internal static class SolicitationsSchema
{
    public const string Name = "solicitations";
}
