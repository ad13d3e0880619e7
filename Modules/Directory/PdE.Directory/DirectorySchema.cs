namespace PdE.Directory;

internal static class DirectorySchema
{
    public const string Name = "directory";
}
