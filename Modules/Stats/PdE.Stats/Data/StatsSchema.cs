namespace PdE.Stats.Data;

internal static class StatsSchema
{
    public const string Name = "stats";
}
