using PdE.Directory.Features.Shared;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

/// <summary>
/// Compares a parsed users file with the directory as loaded beforehand, in memory and without the database: shared by the
/// dry run and the apply, so that what is applied is exactly what the preview announced, checked again against the directory of the moment.
/// </summary>
internal sealed class UsersImportPlanner
{
    private readonly ParsedUsersFile file;
    private readonly CurrentDirectory directory;
    private readonly Dictionary<string, DirectoryAntenne> antenneByKey = [];
    private readonly Dictionary<string, DirectoryAntenne?> antenneBySpelling = [];
    private readonly Dictionary<Guid, string> antenneNames;
    private readonly Dictionary<Guid, string> subjectNames;
    private readonly Dictionary<Guid, Dictionary<Guid, string?>> holdings;
    private readonly List<AuditChange> audit = [];

    private UsersImportPlanner(ParsedUsersFile file, CurrentDirectory directory)
    {
        this.file = file;
        this.directory = directory;
        foreach (var antenne in directory.Antennes)
        {
            antenneByKey.TryAdd(CsvHeader.Key(antenne.Name), antenne);
        }

        antenneNames = directory.Antennes.ToDictionary(a => a.Id, a => a.Name);
        subjectNames = directory.Subjects.ToDictionary(s => s.Id, s => s.Header(directory.Subjects));
        holdings = directory.Holdings.GroupBy(h => h.ExpertId)
            .ToDictionary(g => g.Key, g => g.ToDictionary(h => h.InstitutionSubjectId, h => h.Criteria));
    }

    public static UsersImportPlan Plan(ParsedUsersFile file, CurrentDirectory directory) => new UsersImportPlanner(file, directory).Build();

    private UsersImportPlan Build()
    {
        var errors = file.Errors.ToList();
        var linesByEmail = GroupLinesByPerson(file.Lines.Where(l => l.WithAccount), errors);
        var accountlessByEmail = GroupLinesByPerson(file.Lines.Where(l => !l.WithAccount && !l.IsTeamOnly), errors);
        var teamOnlyLines = file.Lines.Where(l => l.IsTeamOnly && KnownAntenne(l, errors)).ToList();
        var usersByEmail = directory.Users.ToDictionary(u => u.Email);
        foreach (var (email, lines) in linesByEmail)
        {
            if (usersByEmail.TryGetValue(email, out var user) && user.InstitutionId != directory.Institution.Id)
            {
                errors.Add(new ImportIssue(lines[0].Line, UsersFile.EmailColumn,
                    $"L’adresse « {user.Email} » est celle d’un compte de {user.InstitutionName} : une personne n’appartient qu’à une institution."));
            }
        }

        foreach (var (email, lines) in accountlessByEmail)
        {
            if (linesByEmail.TryGetValue(email, out var withAccount))
            {
                errors.Add(new ImportIssue(lines[0].Line, UsersFile.AccountColumn,
                    $"L’adresse « {email} » figure aussi ligne {withAccount[0].Line} avec un compte : une même personne a un compte ou n’en a pas."));
            }
            else if (usersByEmail.TryGetValue(email, out var user))
            {
                errors.Add(new ImportIssue(lines[0].Line, UsersFile.AccountColumn,
                    $"L’adresse « {user.Email} » est celle d’un compte de {user.InstitutionName} : indiquez « oui » dans la colonne « Compte » "
                    + "(un import ne retire pas de compte)."));
            }
        }

        if (errors.Count > 0)
        {
            return new UsersImportPlan(
                new UsersImportPreview(directory.Institution.Name, file.Lines.Count, [], [], [.. errors.OrderBy(e => e.Line)]), [], [], [], []);
        }

        var steps = new Steps(directory);
        foreach (var (email, lines) in linesByEmail)
        {
            steps.Add(email, lines, Find(lines[0].Antenne)!, usersByEmail.GetValueOrDefault(email));
        }

        foreach (var (email, lines) in accountlessByEmail)
        {
            steps.AddAccountless(email, lines, Find(lines[0].Antenne)!);
        }

        foreach (var line in teamOnlyLines)
        {
            steps.AddTeamAlone(line, Find(line.Antenne)!);
        }

        foreach (var expert in steps.Experts)
        {
            expert.CompareWith(HoldingsOf(expert.Id));
        }

        var plannedUsers = new List<PlannedChange>();
        foreach (var user in steps.Users)
        {
            plannedUsers.Add(DescribeUser(user, steps));
        }

        var plannedTeams = new List<PlannedChange>();
        foreach (var team in steps.Teams)
        {
            plannedTeams.Add(DescribeTeam(team));
        }

        var plannedAccountless = steps.Accountless.Select(expert => DescribeExpert(expert, "expert")).ToList();
        var preview = new UsersImportPreview(directory.Institution.Name, file.Lines.Count, plannedUsers, plannedTeams, [])
        {
            Accountless = plannedAccountless,
        };
        return new UsersImportPlan(preview, steps.Users, steps.Experts, steps.NewMemberships, audit);
    }

    /// <summary>The lines of each person, in file order; the first line of a person gives their name and antenne, the others must agree.</summary>
    private Dictionary<string, List<UserLine>> GroupLinesByPerson(IEnumerable<UserLine> personLines, List<ImportIssue> errors)
    {
        var byEmail = new Dictionary<string, List<UserLine>>();
        foreach (var line in personLines)
        {
            if (!KnownAntenne(line, errors))
            {
                continue;
            }

            if (!byEmail.TryGetValue(line.Email, out var lines))
            {
                byEmail[line.Email] = [line];
                continue;
            }

            var first = lines[0];
            if (first.FullName != line.FullName || Find(first.Antenne) != Find(line.Antenne))
            {
                errors.Add(new ImportIssue(line.Line, UsersFile.EmailColumn,
                    $"L’adresse « {line.Email} » figure déjà ligne {first.Line} avec un autre nom ou une autre antenne."));
                continue;
            }

            lines.Add(line);
        }

        return byEmail;
    }

    private bool KnownAntenne(UserLine line, List<ImportIssue> errors)
    {
        if (Find(line.Antenne) is not null)
        {
            return true;
        }

        errors.Add(new ImportIssue(line.Line, UsersFile.AntenneColumn,
            $"L’antenne « {line.Antenne} » n’existe pas dans {directory.Institution.Name} : corrigez son nom ou importez-la d’abord."));
        return false;
    }

    // Thousands of lines name the same few antennes: each spelling is normalised once.
    private DirectoryAntenne? Find(string name) => antenneBySpelling.TryGetValue(name, out var found)
        ? found
        : antenneBySpelling[name] = antenneByKey.GetValueOrDefault(CsvHeader.Key(name));

    private IReadOnlyDictionary<Guid, string?> HoldingsOf(Guid expertId) =>
        holdings.TryGetValue(expertId, out var held) ? held : new Dictionary<Guid, string?>();

    /// <summary>What the file changes for the user ("nom, antenne, 2 sujets"), recorded for the audit log unless nothing.</summary>
    private PlannedChange DescribeUser(UserStep user, Steps steps)
    {
        var before = user.Before;
        var personal = steps.PersonalOf.GetValueOrDefault(user.Id);
        var teamsJoined = steps.Joined.GetValueOrDefault(user.Id) ?? [];
        var details = new List<string>();
        if (before is not null)
        {
            if (before.FullName != user.FullName) details.Add("nom");
            if (before.AntenneId != user.AntenneId) details.Add("antenne");
        }

        if (personal?.Before is not null)
        {
            if (PhoneNumber.Normalize(personal.Before.Phone) != PhoneNumber.Normalize(personal.Phone)) details.Add("téléphone");
            if ((personal.Before.JobTitle ?? "") != (personal.JobTitle ?? "")) details.Add("fonction");
        }
        else if (personal is not null && before is not null)
        {
            details.Add("fiche d’expert créée");
        }

        if (personal?.SubjectChanges is { Length: > 0 } changedSubjects) details.Add(changedSubjects);
        details.AddRange(teamsJoined.Select(t => $"rejoint l’équipe « {t.FullName} »"));

        if (before is not null && details.Count == 0 && (personal?.FieldsChanged ?? false))
        {
            details.Add("fiche d’expert remise en accord avec le compte");
        }

        var change = before is null ? UserChange.Created : details.Count > 0 ? UserChange.Updated : UserChange.Unchanged;
        if (change != UserChange.Unchanged)
        {
            var beforeTeams = before is null ? 0 : steps.TeamCount(before.Id);
            audit.Add(new AuditChange("user", user.Id, before is null ? "Création par import CSV" : "Modification par import CSV",
                before is null ? null : new
                {
                    Nom = before.FullName,
                    Adresse = before.Email,
                    Antenne = antenneNames.GetValueOrDefault(before.AntenneId, "?"),
                    Téléphone = personal?.Before?.Phone ?? "",
                    Fonction = personal?.Before?.JobTitle ?? "",
                    Sujets = personal?.Before is null ? "" : SubjectsOf(HoldingsOf(personal.Id)),
                    Équipes = beforeTeams,
                },
                new
                {
                    Nom = user.FullName,
                    Adresse = user.Email,
                    Antenne = antenneNames[user.AntenneId],
                    Téléphone = personal?.Phone ?? "",
                    Fonction = personal?.JobTitle ?? "",
                    Sujets = personal is null ? "" : SubjectsOf(personal.After(HoldingsOf(personal.Id))),
                    Équipes = beforeTeams + teamsJoined.Count,
                }));
        }

        return new PlannedChange(user.Line, user.FullName, user.Email, antenneNames[user.AntenneId], change, string.Join(", ", details));
    }

    private PlannedChange DescribeTeam(ExpertStep team) => DescribeExpert(team, "team");

    /// <summary>What the file changes for a team or an expert without an account, recorded for the audit log unless nothing.</summary>
    private PlannedChange DescribeExpert(ExpertStep expert, string kind)
    {
        var before = expert.Before;
        var details = new List<string>();
        if (before is not null && before.FullName != expert.FullName) details.Add("nom");
        if (before is not null && kind == "expert" && before.AntenneId != expert.AntenneId) details.Add("antenne");
        if (before is not null && PhoneNumber.Normalize(before.Phone) != PhoneNumber.Normalize(expert.Phone)) details.Add("téléphone");
        if (before is not null && kind == "expert" && (before.JobTitle ?? "") != (expert.JobTitle ?? "")) details.Add("fonction");
        if (expert.SubjectChanges is { Length: > 0 } changedSubjects) details.Add(changedSubjects);
        var change = before is null ? UserChange.Created : details.Count > 0 ? UserChange.Updated : UserChange.Unchanged;
        if (change != UserChange.Unchanged)
        {
            audit.Add(new AuditChange("expert", expert.Id, before is null ? "Création par import CSV" : "Modification par import CSV",
                before is null ? null : new
                {
                    Nom = before.FullName, Adresse = before.Email, Antenne = antenneNames.GetValueOrDefault(before.AntenneId, "?"),
                    Téléphone = before.Phone ?? "", Fonction = before.JobTitle ?? "", Sujets = SubjectsOf(HoldingsOf(expert.Id)),
                },
                new
                {
                    Nom = expert.FullName, Adresse = expert.Email, Antenne = antenneNames.GetValueOrDefault(expert.AntenneId, "?"),
                    Téléphone = expert.Phone ?? "", Fonction = expert.JobTitle ?? "", Sujets = SubjectsOf(expert.After(HoldingsOf(expert.Id))),
                }));
        }

        return new PlannedChange(expert.Line, expert.FullName, expert.Email, antenneNames.GetValueOrDefault(expert.AntenneId, ""), change, string.Join(", ", details));
    }

    /// <summary>"Subject (criteria) ; Subject", in catalogue order, for the audit log.</summary>
    private string SubjectsOf(IReadOnlyDictionary<Guid, string?> held) => string.Join(" ; ", directory.Subjects.Where(s => held.ContainsKey(s.Id))
        .Select(s => held[s.Id] is { } criteria ? $"{subjectNames[s.Id]} ({criteria})" : subjectNames[s.Id]));

    /// <summary>The accounts, experts and team memberships the file leads to, user by user.</summary>
    private sealed class Steps(CurrentDirectory directory)
    {
        private readonly Dictionary<Guid, ExistingExpert> personalByUser = directory.PersonalExperts.ToDictionary(e => e.UserId!.Value);
        private readonly Dictionary<string, ExistingExpert> teamByEmail = directory.Teams.ToDictionary(e => e.Email);
        private readonly Dictionary<string, ExistingExpert> accountlessByEmail = directory.Accountless.ToDictionary(e => e.Email.ToLowerInvariant());
        private readonly HashSet<(Guid, Guid)> memberships = directory.Memberships.Select(m => (m.UserId, m.ExpertId)).ToHashSet();
        private readonly Dictionary<Guid, int> teamCounts = directory.Memberships.GroupBy(m => m.UserId).ToDictionary(g => g.Key, g => g.Count());
        private readonly Dictionary<string, ExpertStep> teams = [];
        private readonly HashSet<(Guid, Guid)> joining = [];

        public List<UserStep> Users { get; } = [];
        public List<ExpertStep> Experts { get; } = [];
        public List<(Guid UserId, Guid ExpertId)> NewMemberships { get; } = [];
        public Dictionary<Guid, ExpertStep> PersonalOf { get; } = [];
        public Dictionary<Guid, List<ExpertStep>> Joined { get; } = [];
        public IEnumerable<ExpertStep> Teams => teams.Values;
        public List<ExpertStep> Accountless { get; } = [];

        public int TeamCount(Guid userId) => teamCounts.GetValueOrDefault(userId);

        public void Add(string email, List<UserLine> lines, DirectoryAntenne antenne, ExistingUser? before)
        {
            var first = lines[0];
            var userId = before?.Id ?? Guid.CreateVersion7();
            var personal = before is null ? null : personalByUser.GetValueOrDefault(before.Id);
            // An expert without an account who now gets one keeps their expert record, subjects and history.
            var adopted = personal is null ? accountlessByEmail.GetValueOrDefault(email) : null;
            AddPersonalExpert(userId, email, lines, antenne, personal ?? adopted, adopted is not null);
            foreach (var line in lines.Where(l => l.TeamEmail is not null))
            {
                JoinTeam(userId, line, antenne);
            }

            var userChanged = before is null || before.FullName != first.FullName || before.AntenneId != antenne.Id;
            Users.Add(new UserStep(userId, email, first.FullName, antenne.Id, first.Line, userChanged, before));
        }

        /// <summary>
        /// A user has a personal expert when they had one (or an expert without an account has their e-mail: <paramref name="adopted"/>),
        /// or the file gives them a phone, a job or a subject of their own.
        /// </summary>
        private void AddPersonalExpert(Guid userId, string email, List<UserLine> lines, DirectoryAntenne antenne, ExistingExpert? before, bool adopted)
        {
            var phone = lines.Select(l => l.Phone).FirstOrDefault(p => p.Length > 0);
            var job = lines.Select(l => l.JobTitle).FirstOrDefault(j => j.Length > 0);
            var cells = lines.Where(l => l.TeamEmail is null).SelectMany(l => l.Subjects).ToList();
            if (before is null && phone is null && job is null && !cells.Any(c => c.Held))
            {
                return;
            }

            var personal = new ExpertStep(before?.Id ?? Guid.CreateVersion7(), before, isTeam: false)
            {
                Line = lines[0].Line, AntenneId = antenne.Id, FullName = lines[0].FullName, Email = email, Phone = phone, JobTitle = job,
            };
            personal.Merge(cells);
            Experts.Add(personal);
            PersonalOf[userId] = personal;
            if (before is null || adopted)
            {
                NewMemberships.Add((userId, personal.Id));
            }
        }

        /// <summary>An expert without an account, found by e-mail among the institution's or created, with the lines' fields and subjects.</summary>
        public void AddAccountless(string email, List<UserLine> lines, DirectoryAntenne antenne)
        {
            var before = accountlessByEmail.GetValueOrDefault(email);
            var expert = new ExpertStep(before?.Id ?? Guid.CreateVersion7(), before, isTeam: false)
            {
                Line = lines[0].Line,
                AntenneId = antenne.Id,
                FullName = lines[0].FullName,
                Email = email,
                Phone = lines.Select(l => l.Phone).FirstOrDefault(p => p.Length > 0),
                JobTitle = lines.Select(l => l.JobTitle).FirstOrDefault(j => j.Length > 0),
            };
            expert.Merge(lines.SelectMany(l => l.Subjects));
            Experts.Add(expert);
            Accountless.Add(expert);
        }

        /// <summary>A team named alone (no account in it on this line): found or created, with the line's subjects.</summary>
        public void AddTeamAlone(UserLine line, DirectoryAntenne antenne) => Team(line, antenne).Merge(line.Subjects);

        /// <summary>The team of the line's team e-mail gets the line's subjects and the user.</summary>
        private void JoinTeam(Guid userId, UserLine line, DirectoryAntenne antenne)
        {
            var team = Team(line, antenne);
            team.Merge(line.Subjects);
            if (!memberships.Contains((userId, team.Id)) && joining.Add((userId, team.Id)))
            {
                NewMemberships.Add((userId, team.Id));
                (Joined.TryGetValue(userId, out var list) ? list : Joined[userId] = []).Add(team);
            }
        }

        /// <summary>The team of the line's team e-mail, found or created (in the line's antenne) on its first line.</summary>
        private ExpertStep Team(UserLine line, DirectoryAntenne antenne)
        {
            if (!teams.TryGetValue(line.TeamEmail!, out var team))
            {
                var before = teamByEmail.GetValueOrDefault(line.TeamEmail!);
                team = new ExpertStep(before?.Id ?? Guid.CreateVersion7(), before, isTeam: true)
                {
                    Line = line.Line,
                    AntenneId = before?.AntenneId ?? antenne.Id,
                    FullName = line.TeamName.Length > 0 ? line.TeamName : before?.FullName ?? line.TeamEmail!,
                    Email = before?.Email ?? line.TeamEmail!,
                    Phone = line.TeamPhone.Length > 0 ? line.TeamPhone : before?.Phone,
                    JobTitle = before?.JobTitle,
                };
                teams[line.TeamEmail!] = team;
                Experts.Add(team);
            }

            return team;
        }
    }
}
