namespace PdE.Directory.Data;

internal static class DirectorySchema
{
    public const string Name = "directory";
}
