namespace PdE.Shared.Text;

/// <summary>What INSEE's codes say by themselves, for every module that groups or filters places.</summary>
public static class InseeCodes
{
    /// <summary>
    /// The département of a commune code: its first two characters ("75056" → "75", "2A004" → "2A"), three overseas
    /// ("97411" → "974"); null when there is no code or it is too short to tell.
    /// </summary>
    public static string? DepartementOf(string? communeCode) =>
        communeCode is null || communeCode.Length < 3 ? null : communeCode.StartsWith("97", StringComparison.Ordinal) ? communeCode[..3] : communeCode[..2];
}
