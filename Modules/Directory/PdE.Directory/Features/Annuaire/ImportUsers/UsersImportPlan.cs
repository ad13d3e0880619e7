using PdE.Directory.Features.Shared;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

/// <summary>
/// What applying a users file writes, as <see cref="UsersImportPlanner"/> decides it: empty but for the preview's errors
/// when the file cannot be applied.
/// </summary>
internal sealed record UsersImportPlan(
    UsersImportPreview Preview,
    IReadOnlyList<UserStep> Users,
    IReadOnlyList<ExpertStep> Experts,
    IReadOnlyList<(Guid UserId, Guid ExpertId)> NewMemberships,
    IReadOnlyList<AuditChange> AuditChanges);

/// <summary>An account as the file leaves it (Before: as it was, null for a new one).</summary>
internal sealed record UserStep(Guid Id, string Email, string FullName, Guid AntenneId, int Line, bool UserChanged, ExistingUser? Before);

/// <summary>A personal expert or a team as the file leaves it: fields, and the subjects to hold (with criteria) or remove.</summary>
internal sealed class ExpertStep(Guid id, ExistingExpert? before, bool isTeam)
{
    public Guid Id { get; } = id;
    public ExistingExpert? Before { get; } = before;
    public bool IsTeam { get; } = isTeam;
    public int Line { get; init; }
    public Guid AntenneId { get; init; }
    public string FullName { get; init; } = "";
    public string Email { get; init; } = "";
    public string? Phone { get; init; }
    public string? JobTitle { get; init; }

    /// <summary>Per subject: held (criteria) or removed, merged over the lines naming this expert (held wins, first criteria kept).</summary>
    public Dictionary<Guid, (bool Held, string? Criteria)> Cells { get; } = [];
    public Dictionary<Guid, string?> Held { get; } = [];
    public List<Guid> Removed { get; } = [];

    public bool FieldsChanged => Before is null || Before.FullName != FullName || Before.Email.ToLowerInvariant() != Email
        || PhoneNumber.Normalize(Before.Phone) != PhoneNumber.Normalize(Phone) || (Before.JobTitle ?? "") != (JobTitle ?? "") || Before.AntenneId != AntenneId;

    public void Merge(IEnumerable<SubjectCell> cells)
    {
        foreach (var cell in cells)
        {
            if (!Cells.TryGetValue(cell.InstitutionSubjectId, out var current) || (cell.Held && !current.Held))
            {
                Cells[cell.InstitutionSubjectId] = (cell.Held, cell.Criteria);
            }
        }
    }

    /// <summary>Sets <see cref="Held"/> and <see cref="Removed"/>: the cells that differ from what the expert holds now.</summary>
    public void CompareWith(IReadOnlyDictionary<Guid, string?> current)
    {
        foreach (var (subjectId, (held, criteria)) in Cells)
        {
            var has = current.TryGetValue(subjectId, out var currentCriteria);
            if (held && (!has || currentCriteria != criteria))
            {
                Held[subjectId] = criteria;
            }
            else if (!held && has)
            {
                Removed.Add(subjectId);
            }
        }
    }

    /// <summary>The subjects held once applied: <paramref name="current"/> less those removed, plus those held.</summary>
    public Dictionary<Guid, string?> After(IReadOnlyDictionary<Guid, string?> current)
    {
        var after = new Dictionary<Guid, string?>(current);
        foreach (var removed in Removed)
        {
            after.Remove(removed);
        }

        foreach (var (subjectId, criteria) in Held)
        {
            after[subjectId] = criteria;
        }

        return after;
    }

    /// <summary>"1 sujet", "3 sujets", or "" when the subjects stay as they are.</summary>
    public string SubjectChanges => (Held.Count + Removed.Count) switch
    {
        0 => "",
        1 => "1 sujet",
        var n => $"{n} sujets",
    };
}
