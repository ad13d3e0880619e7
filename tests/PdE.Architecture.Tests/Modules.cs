using System.Reflection;

namespace PdE.Architecture.Tests;

internal static class Modules
{
    public static readonly string[] Names = ["Solicitations", "Directory", "Matching", "Notifications", "Stats"];

    public static Assembly Implementation(string module) => Assembly.Load($"PdE.{module}");

    public static Assembly Contracts(string module) => Assembly.Load($"PdE.{module}.Contracts");

    /// <summary>The repository root, found from the test's output folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PdE.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("PdE.sln not found above the test folder.");
        }
    }
}
