using Mediator;
using Npgsql;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

internal enum UserChange { Created, Updated, Unchanged }

/// <summary>A user (or a team) the file creates or changes, with what changes in French ("nom, antenne, 2 sujets").</summary>
internal sealed record PlannedChange(int Line, string Name, string Email, string Antenne, UserChange Change, string Details);

/// <summary>An account of the institution that has no password and was never invited.</summary>
internal sealed record UninvitedUser(Guid Id, string FullName, string Email, string Antenne);

/// <summary>What the file would do (or did): users, teams and experts without an account created or updated, and everything that prevents it.</summary>
internal sealed record UsersImportPreview(
    string InstitutionName,
    int Lines,
    IReadOnlyList<PlannedChange> Users,
    IReadOnlyList<PlannedChange> Teams,
    IReadOnlyList<ImportIssue> Errors)
{
    public bool CanApply => Errors.Count == 0 && Lines > 0;

    /// <summary>True when applying would write nothing: every user and team of the file is already as it says.</summary>
    public bool ChangesNothing => Users.Concat(Teams).Concat(Accountless).All(u => u.Change == UserChange.Unchanged);

    /// <summary>The experts without an account of the file (« Compte » = « non »).</summary>
    public IReadOnlyList<PlannedChange> Accountless { get; init; } = [];

    public int Count(UserChange change) => Users.Count(u => u.Change == change);

    public int CountTeams(UserChange change) => Teams.Count(t => t.Change == change);

    public int CountAccountless(UserChange change) => Accountless.Count(e => e.Change == change);

    /// <summary>After an apply: the file's accounts still to invite.</summary>
    public IReadOnlyList<UninvitedUser> Uninvited { get; init; } = [];
}

/// <summary>Dry run: nothing is written. Null for an unknown institution.</summary>
internal sealed record PreviewUsersImportQuery(string Slug, byte[] Content) : IQuery<UsersImportPreview?>;

internal sealed class PreviewUsersImportHandler(NpgsqlDataSource dataSource) : IQueryHandler<PreviewUsersImportQuery, UsersImportPreview?>
{
    public async ValueTask<UsersImportPreview?> Handle(PreviewUsersImportQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var input = await UsersImportInput.ReadAsync(connection, null, query.Slug, query.Content, cancellationToken);
        return input is null ? null : UsersImportPlanner.Plan(input.File, input.Directory).Preview;
    }
}

/// <summary>The counts of a preview or an apply, in French.</summary>
internal static class UsersImportText
{
    public static string Plural(int count, string one, string many) => $"{count} {(count <= 1 ? one : many)}";

    public static string Summary(UsersImportPreview preview) =>
        $"{Plural(preview.Count(UserChange.Created), "conseiller créé", "conseillers créés")}, "
        + $"{Plural(preview.Count(UserChange.Updated), "mis à jour", "mis à jour")}, "
        + $"{Plural(preview.Count(UserChange.Unchanged), "inchangé", "inchangés")} ; "
        + $"{Plural(preview.CountTeams(UserChange.Created), "équipe créée", "équipes créées")}, "
        + $"{Plural(preview.CountTeams(UserChange.Updated), "mise à jour", "mises à jour")}"
        + (preview.Accountless.Count == 0 ? "" : " ; "
            + $"{Plural(preview.CountAccountless(UserChange.Created), "expert sans compte créé", "experts sans compte créés")}, "
            + $"{Plural(preview.CountAccountless(UserChange.Updated), "mis à jour", "mis à jour")}");
}
