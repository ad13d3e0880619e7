using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveInstitution;

internal sealed class InstitutionInput
{
    public string? Name { get; set; }
    public string? Slug { get; set; }
    public string? Category { get; set; }
    public bool DisplayLogo { get; set; }

    internal SaveInstitutionCommand ToCommand(string? currentSlug, Actor by) =>
        new(currentSlug, Name?.Trim() ?? "", currentSlug ?? Slug?.Trim() ?? "", string.IsNullOrWhiteSpace(Category) ? null : Category, DisplayLogo, by);
}

/// <summary>What the shared form partial needs: the fields, whether the slug can still be chosen, the buttons.</summary>
internal sealed record InstitutionFormView(InstitutionInput Input, bool IsNew, string SubmitLabel, string CancelUrl);
