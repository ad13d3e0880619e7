namespace PdE.Matching.Data;

internal static class MatchingSchema
{
    public const string Name = "matching";
}
