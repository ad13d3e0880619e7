using System.Text.RegularExpressions;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

/// <summary>An institution subject as a column of the file can name it.</summary>
internal sealed record InstitutionSubjectColumn(Guid Id, string Theme, string Subject, string? Description)
{
    /// <summary>The subjects of institution @Id, in catalogue order: the subject columns of the file.</summary>
    public const string Query = """
        select isub.id as Id, t.label as Theme, s.label as Subject, isub.description as Description
        from directory.institution_subject isub
        join directory.subject s on s.id = isub.subject_id
        join directory.theme t on t.id = s.theme_id
        where isub.institution_id = @Id and s.archived_at is null
        order by t.position, s.position, isub.description nulls first;
        """;

    /// <summary>The header the export writes: the subject's label, or "Subject:Description" when the institution splits the subject.</summary>
    public string Header(IReadOnlyList<InstitutionSubjectColumn> all) =>
        all.Count(s => s.Subject == Subject) == 1 ? Subject : $"{Subject}:{Description}";

    /// <summary>The ways a header may name it, most precise first (see <see cref="UsersFile.ResolveSubject"/>).</summary>
    public IEnumerable<string> Keys(int form) => form switch
    {
        0 => [CsvHeader.Key($"{Theme}:{Subject}:{Description}")],
        1 => [CsvHeader.Key($"{Subject}:{Description}")],
        2 => Description is null ? [] : [CsvHeader.Key(Description)],
        3 => [CsvHeader.Key(Subject)],
        _ => [CsvHeader.Key(Theme)],
    };
}

/// <summary>A cell of the subject matrix: the subject is held (with criteria, or none) or removed.</summary>
internal sealed record SubjectCell(Guid InstitutionSubjectId, bool Held, string? Criteria);

/// <summary>
/// One line of the file, normalised: e-mail lower case, phone digits only (empty when none). <paramref name="WithAccount"/>
/// false (« Compte » = « non »): an expert without an account, a person (name and e-mail) or a team (<see cref="IsTeamOnly"/>).
/// </summary>
internal sealed record UserLine(
    int Line, string Antenne, string FullName, string Email, string Phone, string JobTitle,
    string? TeamEmail, string TeamName, string TeamPhone, IReadOnlyList<SubjectCell> Subjects, bool WithAccount = true)
{
    /// <summary>A team that no account belongs to: the line names the team only.</summary>
    public bool IsTeamOnly => !WithAccount && Email.Length == 0;
}

internal sealed record ParsedUsersFile(IReadOnlyList<UserLine> Lines, IReadOnlyList<ImportIssue> Errors);

/// <summary>
/// Reads a users CSV without the database: columns, subject headers resolved against the institution's subjects, then
/// each line. Whether antennes and e-mails fit the directory is the planner's job (<see cref="UsersImportPlanner"/>).
/// </summary>
internal static partial class UsersFile
{
    public const string InstitutionColumn = "Institution";
    public const string AntenneColumn = "Antenne";
    public const string NameColumn = "Prénom et nom";
    public const string EmailColumn = "Email";
    public const string PhoneColumn = "Téléphone";
    public const string JobColumn = "Fonction";
    public const string AccountColumn = "Compte";
    public const string TeamEmailColumn = "Email de l’équipe";
    public const string TeamNameColumn = "Nom de l’équipe";
    public const string TeamPhoneColumn = "Téléphone de l’équipe";
    public const string SubjectColumn = "Sujet";

    public static readonly string[] Columns =
        [InstitutionColumn, AntenneColumn, NameColumn, EmailColumn, PhoneColumn, JobColumn, AccountColumn, TeamEmailColumn, TeamNameColumn, TeamPhoneColumn, SubjectColumn];

    private static readonly string[] Required = [AntenneColumn, NameColumn, EmailColumn, PhoneColumn, JobColumn];

    public static ParsedUsersFile Parse(byte[] content, string institutionName, string institutionSlug, IReadOnlyList<InstitutionSubjectColumn> subjects)
    {
        var errors = new List<ImportIssue>();
        var sheet = CsvSheet.Open(content, "Le fichier est vide : la première ligne doit nommer les colonnes « Antenne », « Prénom et nom », « Email », « Téléphone » et « Fonction ».", errors);
        if (sheet is null)
        {
            return new ParsedUsersFile([], errors);
        }

        var header = sheet.Header;
        var others = new List<(int Position, string Title)>();
        var positions = sheet.MatchColumns(Columns, Required, errors, others);
        var subjectPositions = new List<(int Position, Guid Id)>();
        foreach (var (position, title) in others)
        {
            var (subject, error) = ResolveSubject(title, subjects);
            if (subject is not null && subjectPositions.Any(s => s.Id == subject.Id))
            {
                errors.Add(new ImportIssue(header.Line, title, $"La colonne « {title} » désigne un sujet déjà désigné par une autre colonne."));
            }
            else if (subject is not null)
            {
                subjectPositions.Add((position, subject.Id));
            }
            else
            {
                errors.Add(new ImportIssue(header.Line, title, error!));
            }
        }

        if (errors.Count > 0)
        {
            return new ParsedUsersFile([], [.. errors.OrderBy(e => e.Line)]);
        }

        var lines = new List<UserLine>();
        foreach (var record in sheet.Rows)
        {
            if (!sheet.HasHeaderWidth(record, errors))
            {
                continue;
            }

            string Cell(string column) => positions.TryGetValue(column, out var i) ? record.Fields[i].Trim() : "";
            var lineErrors = errors.Count;
            void Error(string column, string message) => errors.Add(new ImportIssue(record.Line, column, message));

            if (CsvSheet.OtherInstitution(record.Line, InstitutionColumn, Cell(InstitutionColumn), institutionName, institutionSlug) is { } other)
            {
                errors.Add(other);
            }

            if (Cell(AntenneColumn).Length == 0)
            {
                Error(AntenneColumn, "L’antenne est vide.");
            }

            var account = Cell(AccountColumn);
            var withAccount = !account.Equals("non", StringComparison.OrdinalIgnoreCase);
            if (account.Length > 0 && withAccount && !account.Equals("oui", StringComparison.OrdinalIgnoreCase))
            {
                Error(AccountColumn, $"« {account} » : la colonne « Compte » attend « oui » (la personne a un compte) ou « non » (un expert sans compte).");
            }

            var name = Cell(NameColumn);
            var teamEmail = Cell(TeamEmailColumn).ToLowerInvariant();
            // Without an account, a line that names no person (no name, e-mail, phone or function) names a team alone.
            var teamOnly = !withAccount && teamEmail.Length > 0
                && new[] { NameColumn, EmailColumn, PhoneColumn, JobColumn }.All(column => Cell(column).Length == 0);
            if (name.Length == 0 && !teamOnly)
            {
                Error(NameColumn, "Les prénom et nom sont vides.");
            }
            else if (name.Length > 120)
            {
                Error(NameColumn, "Les prénom et nom ne doivent pas dépasser 120 caractères.");
            }

            var email = Cell(EmailColumn).ToLowerInvariant();
            if (!teamOnly && !IsEmail(email))
            {
                Error(EmailColumn, email.Length == 0 ? "L’adresse électronique est vide." : $"« {Cell(EmailColumn)} » n’est pas une adresse électronique valide.");
            }

            var phone = Phone(Cell(PhoneColumn), PhoneColumn, Error);
            var job = Cell(JobColumn);
            if (job.Length > 120)
            {
                Error(JobColumn, "La fonction ne doit pas dépasser 120 caractères.");
            }

            if (teamEmail.Length > 0 && !IsEmail(teamEmail))
            {
                Error(TeamEmailColumn, $"« {Cell(TeamEmailColumn)} » n’est pas une adresse électronique valide.");
            }
            else if (teamEmail.Length == 0 && (Cell(TeamNameColumn).Length > 0 || Cell(TeamPhoneColumn).Length > 0))
            {
                Error(TeamEmailColumn, "Indiquez l’adresse électronique de l’équipe : c’est elle qui la désigne.");
            }
            else if (!withAccount && !teamOnly && teamEmail.Length > 0)
            {
                Error(TeamEmailColumn, "Un expert sans compte n’est membre d’aucune équipe : une équipe réunit des comptes. "
                    + "Laissez les colonnes de l’équipe vides, indiquez « oui » dans la colonne « Compte », "
                    + "ou, pour une équipe sans membre, laissez vides les prénom et nom, l’adresse, le téléphone et la fonction.");
            }

            var teamPhone = Phone(Cell(TeamPhoneColumn), TeamPhoneColumn, Error);

            var cells = subjectPositions.Select(s =>
            {
                var value = record.Fields[s.Position].Trim();
                var held = value.Length > 0;
                return new SubjectCell(s.Id, held, held && !value.Equals("x", StringComparison.OrdinalIgnoreCase) && !value.Equals("oui", StringComparison.OrdinalIgnoreCase) ? value : null);
            }).ToList();
            if (Cell(SubjectColumn) is { Length: > 0 } named)
            {
                var (subject, error) = ResolveSubject(named, subjects);
                if (subject is null)
                {
                    Error(SubjectColumn, error!.StartsWith("La colonne", StringComparison.Ordinal)
                        ? error.Replace("La colonne", "Le sujet", StringComparison.Ordinal)
                        : $"« {named} » n’est pas un sujet de {institutionName}.");
                }
                else
                {
                    var existing = cells.FindIndex(c => c.InstitutionSubjectId == subject.Id);
                    if (existing < 0)
                    {
                        cells.Add(new SubjectCell(subject.Id, true, null));
                    }
                    else if (!cells[existing].Held)
                    {
                        cells[existing] = new SubjectCell(subject.Id, true, null);
                    }
                }
            }

            if (errors.Count == lineErrors)
            {
                lines.Add(new UserLine(record.Line, Cell(AntenneColumn), name, email, phone, job,
                    teamEmail.Length == 0 ? null : teamEmail, Cell(TeamNameColumn), teamPhone, cells, withAccount));
            }
        }

        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add(new ImportIssue(header.Line, null, "Le fichier ne contient aucun conseiller après la ligne des colonnes."));
        }

        return new ParsedUsersFile(lines, errors);
    }

    /// <summary>
    /// The institution subject a header names: by "Thème:Sujet:Description", "Sujet:Description", the description, the
    /// subject's label or the theme's label, the first of these forms that names any subject deciding; it must name only one.
    /// </summary>
    public static (InstitutionSubjectColumn? Subject, string? Error) ResolveSubject(string title, IReadOnlyList<InstitutionSubjectColumn> subjects)
    {
        var key = CsvHeader.Key(title);
        for (var form = 0; form < 5; form++)
        {
            var matches = subjects.Where(s => s.Keys(form).Contains(key)).ToList();
            if (matches.Count == 1)
            {
                return (matches[0], null);
            }

            if (matches.Count > 1)
            {
                return (null, $"La colonne « {title} » désigne plusieurs sujets de l’institution ({string.Join(", ", matches.Select(m => $"« {m.Header(subjects)} »"))}) : "
                    + "précisez-la sous la forme « Thème:Sujet:Description ».");
            }
        }

        return (null, $"Colonne inconnue « {title} » : ce n’est ni une colonne attendue ({string.Join(", ", Columns.Select(c => $"« {c} »"))}) ni un sujet de l’institution.");
    }

    private static string Phone(string cell, string column, Action<string, string> error)
    {
        if (cell.Length == 0)
        {
            return "";
        }

        var phone = PhoneNumber.Normalize(cell);
        if (!PhoneNumber.IsValid(phone))
        {
            error(column, $"« {cell} » n’est pas un numéro de téléphone valide (par exemple 01 23 45 67 89).");
        }

        return phone;
    }

    private static bool IsEmail(string email) => PdE.Shared.Validation.EmailAddress.IsValid(email);
}
