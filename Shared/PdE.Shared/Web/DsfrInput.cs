using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PdE.Shared.Web;

/// <summary>One DSFR text field with its label, hint and error, rendered by the _DsfrInput partial.</summary>
public sealed record DsfrInput(string Name, string Label, string? Value, string? Error)
{
    public string? Hint { get; init; }
    public string Type { get; init; } = "text";
    public string? Autocomplete { get; init; }
    public string? InputMode { get; init; }
    public bool Multiline { get; init; }
    public bool Required { get; init; } = true;

    public string Id => Name.Replace('.', '-').ToLowerInvariant();

    /// <summary>Builds a field from the posted value and the first error ModelState holds for it.</summary>
    public static DsfrInput For(ModelStateDictionary modelState, string name, string label, string? value) =>
        new(name, label, value, modelState.TryGetValue(name, out var entry) ? entry.Errors.FirstOrDefault()?.ErrorMessage : null);
}
