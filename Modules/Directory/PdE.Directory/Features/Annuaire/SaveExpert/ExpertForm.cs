using PdE.Directory.Features.Shared;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.SaveExpert;

/// <summary>The fields of the create and edit pages, as typed.</summary>
internal sealed class ExpertInput
{
    public string? FullName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? JobTitle { get; set; }
    public bool IsTeam { get; set; }
    public bool IsGlobalZone { get; set; }
    public string? CommuneCodes { get; set; }

    internal static ExpertInput From(ExpertState state) => new()
    {
        FullName = state.FullName,
        Email = state.Email,
        Phone = state.Phone is null ? null : PhoneNumber.Format(state.Phone),
        JobTitle = state.JobTitle,
        IsTeam = state.IsTeam,
        IsGlobalZone = state.IsGlobalZone,
        CommuneCodes = state.Communes,
    };

    internal SaveExpertCommand ToCommand(Guid? expertId, Guid antenneId, Actor by) =>
        new(expertId, antenneId, FullName?.Trim() ?? "", Email?.Trim() ?? "", Phone, JobTitle, IsTeam, IsGlobalZone, CommuneCodes, by);
}

/// <summary>What the shared form partial needs besides the fields.</summary>
internal sealed record ExpertFormView(ExpertInput Input, string SubmitLabel, string CancelUrl);
