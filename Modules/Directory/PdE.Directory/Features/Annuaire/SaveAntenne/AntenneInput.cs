using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.SaveAntenne;

internal sealed class AntenneInput
{
    public string? Name { get; set; }
    public string TerritorialLevel { get; set; } = "local";
    public Guid? ParentId { get; set; }
    public string? CommuneCodes { get; set; }

    internal SaveAntenneCommand ToCommand(Guid? antenneId, string institutionSlug, Actor by) =>
        new(antenneId, institutionSlug, Name?.Trim() ?? "", TerritorialLevel, ParentId, CommuneCodes, by);
}

/// <summary>What the shared form partial needs besides the fields.</summary>
internal sealed record AntenneFormView(AntenneInput Input, IReadOnlyList<(Guid Id, string Name)> Parents, int? CurrentCommunes, string SubmitLabel, string CancelUrl);
