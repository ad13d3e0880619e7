using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Accounts;
using PdE.Directory.Features.Shared;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

internal enum UserChange { Created, Updated, Unchanged }

/// <summary>A user (or a team) the file creates or changes, with what changes in French ("nom, antenne, 2 sujets").</summary>
internal sealed record PlannedChange(int Line, string Name, string Email, string Antenne, UserChange Change, string Details);

/// <summary>An account of the institution that has no password and was never invited.</summary>
internal sealed record UninvitedUser(Guid Id, string FullName, string Email, string Antenne);

/// <summary>What the file would do (or did): users and teams created or updated, and everything that prevents it.</summary>
internal sealed record UsersImportPreview(
    string InstitutionName,
    int Lines,
    IReadOnlyList<PlannedChange> Users,
    IReadOnlyList<PlannedChange> Teams,
    IReadOnlyList<ImportIssue> Errors)
{
    public bool CanApply => Errors.Count == 0 && Lines > 0;

    /// <summary>True when applying would write nothing: every user and team of the file is already as it says.</summary>
    public bool ChangesNothing => Users.All(u => u.Change == UserChange.Unchanged) && Teams.All(t => t.Change == UserChange.Unchanged);

    public int Count(UserChange change) => Users.Count(u => u.Change == change);

    public int CountTeams(UserChange change) => Teams.Count(t => t.Change == change);

    /// <summary>After an apply: the file's accounts still to invite.</summary>
    public IReadOnlyList<UninvitedUser> Uninvited { get; init; } = [];
}

/// <summary>Dry run: nothing is written. Null for an unknown institution.</summary>
internal sealed record PreviewUsersImportQuery(string Slug, byte[] Content) : IQuery<UsersImportPreview?>;

/// <summary>Checks the file again against the directory as it is now, then applies all of it or none of it, in one transaction.</summary>
internal sealed record ApplyUsersImportCommand(string Slug, byte[] Content, Actor? By = null) : ICommand<UsersImportPreview?>;

/// <summary>Invites those of these accounts that belong to the institution and were never invited; returns how many.</summary>
internal sealed record InviteImportedUsersCommand(string Slug, IReadOnlyList<Guid> UserIds, Actor? By = null) : ICommand<int>;

internal sealed class PreviewUsersImportHandler(NpgsqlDataSource dataSource) : IQueryHandler<PreviewUsersImportQuery, UsersImportPreview?>
{
    public async ValueTask<UsersImportPreview?> Handle(PreviewUsersImportQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var plan = await UsersImportPlanner.PlanAsync(connection, null, query.Slug, query.Content, cancellationToken);
        return plan?.Preview;
    }
}

internal sealed class ApplyUsersImportHandler(NpgsqlDataSource dataSource) : ICommandHandler<ApplyUsersImportCommand, UsersImportPreview?>
{
    private const string InsertUsers = """
        insert into directory.user_account (id, antenne_id, full_name, email)
        select * from unnest(@Ids, @AntenneIds, @Names, @Emails)
        """;

    private const string UpdateUsers = """
        update directory.user_account u set antenne_id = v.antenne_id, full_name = v.name
        from unnest(@Ids, @AntenneIds, @Names) as v(id, antenne_id, name)
        where u.id = v.id
        """;

    private const string InsertExperts = """
        insert into directory.expert (id, antenne_id, full_name, email, phone, job_title, is_team)
        select * from unnest(@Ids, @AntenneIds, @Names, @Emails, @Phones, @Jobs, @IsTeam)
        """;

    private const string UpdateExperts = """
        update directory.expert e set antenne_id = v.antenne_id, full_name = v.name, email = v.email, phone = v.phone, job_title = v.job
        from unnest(@Ids, @AntenneIds, @Names, @Emails, @Phones, @Jobs) as v(id, antenne_id, name, email, phone, job)
        where e.id = v.id
        """;

    private const string InsertMemberships = """
        insert into directory.user_expert (user_id, expert_id) select * from unnest(@UserIds, @ExpertIds) on conflict do nothing
        """;

    private const string ChangeSubjects = """
        delete from directory.expert_subject es using unnest(@RemovedExperts, @RemovedSubjects) as v(expert_id, subject_id)
        where es.expert_id = v.expert_id and es.institution_subject_id = v.subject_id;
        insert into directory.expert_subject (expert_id, institution_subject_id, intervention_criteria)
        select * from unnest(@HeldExperts, @HeldSubjects, @Criteria)
        on conflict (expert_id, institution_subject_id) do update set intervention_criteria = excluded.intervention_criteria;
        """;

    private const int LargeImport = 1000;

    private const string Analyze = "analyze directory.user_account, directory.expert, directory.user_expert, directory.expert_subject";

    public async ValueTask<UsersImportPreview?> Handle(ApplyUsersImportCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var plan = await UsersImportPlanner.PlanAsync(connection, transaction, command.Slug, command.Content, cancellationToken);
        if (plan is null || !plan.Preview.CanApply)
        {
            return plan?.Preview;
        }

        var created = plan.Users.Where(u => u.Before is null).ToList();
        var updated = plan.Users.Where(u => u.Before is not null && u.UserChanged).ToList();
        await connection.ExecuteAsync(InsertUsers, new
        {
            Ids = created.Select(u => u.Id).ToArray(),
            AntenneIds = created.Select(u => u.AntenneId).ToArray(),
            Names = created.Select(u => u.FullName).ToArray(),
            Emails = created.Select(u => u.Email).ToArray(),
        }, transaction);
        await connection.ExecuteAsync(UpdateUsers, new
        {
            Ids = updated.Select(u => u.Id).ToArray(),
            AntenneIds = updated.Select(u => u.AntenneId).ToArray(),
            Names = updated.Select(u => u.FullName).ToArray(),
        }, transaction);

        var newExperts = plan.Experts.Where(e => e.Before is null).ToList();
        var changedExperts = plan.Experts.Where(e => e.Before is not null && e.FieldsChanged).ToList();
        await connection.ExecuteAsync(InsertExperts, ExpertArrays(newExperts, withTeamFlag: true), transaction);
        await connection.ExecuteAsync(UpdateExperts, ExpertArrays(changedExperts, withTeamFlag: false), transaction);
        await connection.ExecuteAsync(InsertMemberships, new
        {
            UserIds = plan.NewMemberships.Select(m => m.UserId).ToArray(),
            ExpertIds = plan.NewMemberships.Select(m => m.ExpertId).ToArray(),
        }, transaction);

        var removed = plan.Experts.SelectMany(e => e.Removed.Select(s => (e.Id, s))).ToList();
        var held = plan.Experts.SelectMany(e => e.Held.Select(s => (e.Id, s.Key, s.Value))).ToList();
        await connection.ExecuteAsync(ChangeSubjects, new
        {
            RemovedExperts = removed.Select(r => r.Id).ToArray(),
            RemovedSubjects = removed.Select(r => r.s).ToArray(),
            HeldExperts = held.Select(h => h.Id).ToArray(),
            HeldSubjects = held.Select(h => h.Key).ToArray(),
            Criteria = held.Select(h => h.Value).ToArray(),
        }, transaction);

        await AuditLog.RecordManyAsync(transaction, command.By ?? Actor.System, plan.AuditChanges);
        if (created.Count + newExperts.Count + held.Count + removed.Count > LargeImport)
        {
            // As autovacuum would, later: without fresh statistics the next queries on these tables plan for the old sizes.
            await connection.ExecuteAsync(Analyze, transaction: transaction);
        }

        var uninvited = await UsersImportPlanner.UninvitedAsync(connection, transaction, plan.InstitutionId, plan.Users.Select(u => u.Id).ToArray(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return plan.Preview with { Uninvited = uninvited };
    }

    private static object ExpertArrays(IReadOnlyList<UsersImportPlanner.ExpertStep> experts, bool withTeamFlag) => new
    {
        Ids = experts.Select(e => e.Id).ToArray(),
        AntenneIds = experts.Select(e => e.AntenneId).ToArray(),
        Names = experts.Select(e => e.FullName).ToArray(),
        Emails = experts.Select(e => e.Email).ToArray(),
        Phones = experts.Select(e => e.Phone).ToArray(),
        Jobs = experts.Select(e => e.JobTitle).ToArray(),
        IsTeam = withTeamFlag ? experts.Select(e => e.IsTeam).ToArray() : [],
    };
}

internal sealed class InviteImportedUsersHandler(NpgsqlDataSource dataSource, TimeProvider clock, AccountLinks links)
    : ICommandHandler<InviteImportedUsersCommand, int>
{
    private const string Lock = """
        select u.id as Id, u.full_name as FullName, u.email as Email, a.name as Antenne
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.institution i on i.id = a.institution_id
        where i.slug = @Slug and u.id = any(@Ids) and u.deleted_at is null and u.password_hash is null
          and not exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation')
        order by u.full_name
        for update of u
        """;

    public async ValueTask<int> Handle(InviteImportedUsersCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var users = (await connection.QueryAsync<UninvitedUser>(new CommandDefinition(
            Lock, new { command.Slug, Ids = command.UserIds.ToArray() }, transaction, cancellationToken: cancellationToken))).AsList();
        foreach (var user in users)
        {
            await Invitations.SendAsync(transaction, links, now, user.Id, user.Email, user.FullName);
        }

        await AuditLog.RecordManyAsync(transaction, command.By ?? Actor.System,
            [.. users.Select(u => new AuditChange("user", u.Id, "Invitation après import CSV", null, new { Nom = u.FullName, Adresse = u.Email }))]);
        await transaction.CommitAsync(cancellationToken);
        return users.Count;
    }
}

/// <summary>
/// Compares the file with the institution's users, teams and subjects: shared by the dry run and the apply, so that
/// what is applied is exactly what the preview announced, checked again against the directory of the moment.
/// Everything is read in a handful of set-based queries and compared in memory: a 20,000-line file costs no more round trips than a 2-line one.
/// </summary>
internal static class UsersImportPlanner
{
    private sealed record Antenne(Guid Id, string Name);

    private sealed record ExistingUser(Guid Id, string Email, string FullName, Guid AntenneId, Guid InstitutionId, string InstitutionName);

    internal sealed record ExistingExpert(Guid Id, Guid? UserId, string Email, string FullName, string? Phone, string? JobTitle, Guid AntenneId);

    private sealed record Membership(Guid UserId, Guid ExpertId);

    private sealed record ExistingSubject(Guid ExpertId, Guid InstitutionSubjectId, string? Criteria);

    /// <summary>A personal expert or a team as the file leaves it: fields, and the subjects to hold (with criteria) or remove.</summary>
    internal sealed class ExpertStep(Guid id, ExistingExpert? before, bool isTeam)
    {
        public Guid Id { get; } = id;
        public ExistingExpert? Before { get; } = before;
        public bool IsTeam { get; } = isTeam;
        public int Line { get; set; }
        public Guid AntenneId { get; set; }
        public string FullName { get; set; } = "";
        public string Email { get; set; } = "";
        public string? Phone { get; set; }
        public string? JobTitle { get; set; }

        /// <summary>Per subject: held (criteria) or removed, merged over the lines naming this expert (held wins, first criteria kept).</summary>
        public Dictionary<Guid, (bool Held, string? Criteria)> Cells { get; } = [];
        public Dictionary<Guid, string?> Held { get; } = [];
        public List<Guid> Removed { get; } = [];

        public bool FieldsChanged => Before is null || Before.FullName != FullName || Before.Email.ToLowerInvariant() != Email
            || PhoneNumber.Normalize(Before.Phone) != PhoneNumber.Normalize(Phone) || (Before.JobTitle ?? "") != (JobTitle ?? "") || Before.AntenneId != AntenneId;

        public bool SubjectsChanged => Held.Count > 0 || Removed.Count > 0;

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
    }

    internal sealed record UserStep(Guid Id, string Email, string FullName, Guid AntenneId, int Line, bool UserChanged, object? Before);

    internal sealed record Plan(
        Guid InstitutionId,
        UsersImportPreview Preview,
        IReadOnlyList<UserStep> Users,
        IReadOnlyList<ExpertStep> Experts,
        IReadOnlyList<(Guid UserId, Guid ExpertId)> NewMemberships,
        IReadOnlyList<AuditChange> AuditChanges);

    private const string Antennes = "select id, name from directory.antenne where institution_id = @Id and deleted_at is null order by created_at, id;";

    private const string Users = """
        select u.id as Id, lower(u.email) as Email, u.full_name as FullName, u.antenne_id as AntenneId,
               a.institution_id as InstitutionId, i.name as InstitutionName
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        join directory.institution i on i.id = a.institution_id
        where lower(u.email) = any(@Emails) and u.deleted_at is null
        """;

    private const string Experts = """
        select distinct on (ue.user_id) e.id as Id, ue.user_id as UserId, e.email as Email, e.full_name as FullName,
               e.phone as Phone, e.job_title as JobTitle, e.antenne_id as AntenneId
        from directory.user_expert ue join directory.expert e on e.id = ue.expert_id
        where ue.user_id = any(@UserIds) and not e.is_team and e.deleted_at is null
        order by ue.user_id, e.created_at, e.id;

        select distinct on (lower(e.email)) e.id as Id, null::uuid as UserId, lower(e.email) as Email, e.full_name as FullName,
               e.phone as Phone, e.job_title as JobTitle, e.antenne_id as AntenneId
        from directory.expert e join directory.antenne a on a.id = e.antenne_id
        where a.institution_id = @InstitutionId and e.is_team and e.deleted_at is null and lower(e.email) = any(@TeamEmails)
        order by lower(e.email), e.created_at, e.id;

        select ue.user_id as UserId, ue.expert_id as ExpertId
        from directory.user_expert ue join directory.expert e on e.id = ue.expert_id
        where ue.user_id = any(@UserIds) and e.is_team and e.deleted_at is null;
        """;

    private const string Subjects = """
        select expert_id as ExpertId, institution_subject_id as InstitutionSubjectId, intervention_criteria as Criteria
        from directory.expert_subject where expert_id = any(@ExpertIds) and institution_subject_id = any(@SubjectIds)
        """;

    private const string Uninvited = """
        select u.id as Id, u.full_name as FullName, u.email as Email, a.name as Antenne
        from directory.user_account u join directory.antenne a on a.id = u.antenne_id
        where a.institution_id = @InstitutionId and u.id = any(@Ids) and u.deleted_at is null and u.password_hash is null
          and not exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation')
        order by u.full_name collate "fr-x-icu", u.email
        """;

    public static async Task<IReadOnlyList<UninvitedUser>> UninvitedAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid institutionId, Guid[] ids, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UninvitedUser>(new CommandDefinition(
            Uninvited, new { InstitutionId = institutionId, Ids = ids }, transaction, cancellationToken: cancellationToken))).AsList();

    public static async Task<Plan?> PlanAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string slug, byte[] content, CancellationToken cancellationToken)
    {
        var institution = await ImportedInstitution.FindAsync(connection, transaction, slug, cancellationToken);
        if (institution is null)
        {
            return null;
        }

        List<Antenne> antennes;
        List<InstitutionSubjectColumn> subjects;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(Antennes + InstitutionSubjectColumn.Query, new { institution.Id }, transaction, cancellationToken: cancellationToken)))
        {
            antennes = (await results.ReadAsync<Antenne>()).AsList();
            subjects = (await results.ReadAsync<InstitutionSubjectColumn>()).AsList();
        }

        var file = UsersFile.Parse(content, institution.Name, slug, subjects);
        var errors = file.Errors.ToList();
        var antenneByKey = new Dictionary<string, Antenne>();
        foreach (var antenne in antennes)
        {
            antenneByKey.TryAdd(CsvHeader.Key(antenne.Name), antenne);
        }

        // Thousands of lines name the same few antennes: each spelling is normalised once.
        var antenneBySpelling = new Dictionary<string, Antenne?>();
        Antenne? Find(string name) => antenneBySpelling.TryGetValue(name, out var found)
            ? found
            : antenneBySpelling[name] = antenneByKey.GetValueOrDefault(CsvHeader.Key(name));

        // Lines grouped by user, in file order; the first line of a user gives their name and antenne.
        var byEmail = new Dictionary<string, List<UserLine>>();
        foreach (var line in file.Lines)
        {
            if (Find(line.Antenne) is null)
            {
                errors.Add(new ImportIssue(line.Line, UsersFile.AntenneColumn,
                    $"L’antenne « {line.Antenne} » n’existe pas dans {institution.Name} : corrigez son nom ou importez-la d’abord."));
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

        var emails = byEmail.Keys.ToArray();
        var existingUsers = (await connection.QueryAsync<ExistingUser>(new CommandDefinition(
            Users, new { Emails = emails }, transaction, cancellationToken: cancellationToken))).ToDictionary(u => u.Email);
        foreach (var user in existingUsers.Values.Where(u => u.InstitutionId != institution.Id))
        {
            errors.Add(new ImportIssue(byEmail[user.Email][0].Line, UsersFile.EmailColumn,
                $"L’adresse « {user.Email} » est celle d’un compte de {user.InstitutionName} : une personne n’appartient qu’à une institution."));
        }

        if (errors.Count > 0)
        {
            return new Plan(institution.Id, new UsersImportPreview(institution.Name, file.Lines.Count, [], [], [.. errors.OrderBy(e => e.Line)]), [], [], [], []);
        }

        var userIds = existingUsers.Values.Select(u => u.Id).ToArray();
        var teamEmails = file.Lines.Where(l => l.TeamEmail is not null).Select(l => l.TeamEmail!).Distinct().ToArray();
        Dictionary<Guid, ExistingExpert> personalByUser;
        Dictionary<string, ExistingExpert> teamByEmail;
        HashSet<(Guid, Guid)> memberships;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(
            Experts, new { UserIds = userIds, InstitutionId = institution.Id, TeamEmails = teamEmails }, transaction, cancellationToken: cancellationToken)))
        {
            personalByUser = (await results.ReadAsync<ExistingExpert>()).ToDictionary(e => e.UserId!.Value);
            teamByEmail = (await results.ReadAsync<ExistingExpert>()).ToDictionary(e => e.Email);
            memberships = (await results.ReadAsync<Membership>()).Select(m => (m.UserId, m.ExpertId)).ToHashSet();
        }

        var experts = new List<ExpertStep>();
        var teams = new Dictionary<string, ExpertStep>();
        var users = new List<UserStep>();
        var newMemberships = new List<(Guid UserId, Guid ExpertId)>();
        var joined = new Dictionary<Guid, List<ExpertStep>>();
        var joining = new HashSet<(Guid, Guid)>();
        var personalOf = new Dictionary<Guid, ExpertStep>();
        foreach (var (email, lines) in byEmail)
        {
            var first = lines[0];
            var antenne = Find(first.Antenne)!;
            existingUsers.TryGetValue(email, out var before);
            var userId = before?.Id ?? Guid.CreateVersion7();
            var personalBefore = before is null ? null : personalByUser.GetValueOrDefault(before.Id);
            var phone = lines.Select(l => l.Phone).FirstOrDefault(p => p.Length > 0);
            var job = lines.Select(l => l.JobTitle).FirstOrDefault(j => j.Length > 0);
            var personalCells = lines.Where(l => l.TeamEmail is null).SelectMany(l => l.Subjects).ToList();
            if (personalBefore is not null || phone is not null || job is not null || personalCells.Any(c => c.Held))
            {
                var personal = new ExpertStep(personalBefore?.Id ?? Guid.CreateVersion7(), personalBefore, isTeam: false)
                {
                    Line = first.Line, AntenneId = antenne.Id, FullName = first.FullName, Email = email, Phone = phone, JobTitle = job,
                };
                personal.Merge(personalCells);
                experts.Add(personal);
                personalOf[userId] = personal;
                if (personalBefore is null)
                {
                    newMemberships.Add((userId, personal.Id));
                }
            }

            foreach (var line in lines.Where(l => l.TeamEmail is not null))
            {
                if (!teams.TryGetValue(line.TeamEmail!, out var team))
                {
                    var teamBefore = teamByEmail.GetValueOrDefault(line.TeamEmail!);
                    team = new ExpertStep(teamBefore?.Id ?? Guid.CreateVersion7(), teamBefore, isTeam: true)
                    {
                        Line = line.Line,
                        AntenneId = teamBefore?.AntenneId ?? antenne.Id,
                        FullName = line.TeamName.Length > 0 ? line.TeamName : teamBefore?.FullName ?? line.TeamEmail!,
                        Email = teamBefore?.Email ?? line.TeamEmail!,
                        Phone = line.TeamPhone.Length > 0 ? line.TeamPhone : teamBefore?.Phone,
                        JobTitle = teamBefore?.JobTitle,
                    };
                    teams[line.TeamEmail!] = team;
                    experts.Add(team);
                }

                team.Merge(line.Subjects);
                if (!memberships.Contains((userId, team.Id)) && joining.Add((userId, team.Id)))
                {
                    newMemberships.Add((userId, team.Id));
                    (joined.TryGetValue(userId, out var list) ? list : joined[userId] = []).Add(team);
                }
            }

            var userChanged = before is null || before.FullName != first.FullName || before.AntenneId != antenne.Id;
            users.Add(new UserStep(userId, email, first.FullName, antenne.Id, first.Line, userChanged, before));
        }

        // Subjects: what each expert holds now, against what the file says.
        var existingSubjects = (await connection.QueryAsync<ExistingSubject>(new CommandDefinition(Subjects, new
        {
            ExpertIds = experts.Where(e => e.Before is not null).Select(e => e.Id).ToArray(),
            SubjectIds = subjects.Select(s => s.Id).ToArray(),
        }, transaction, cancellationToken: cancellationToken))).ToLookup(s => s.ExpertId);
        var subjectNames = subjects.ToDictionary(s => s.Id, s => s.Header(subjects));
        var holdings = new Dictionary<Guid, Dictionary<Guid, string?>>();
        foreach (var expert in experts)
        {
            var current = existingSubjects[expert.Id].ToDictionary(s => s.InstitutionSubjectId, s => s.Criteria);
            holdings[expert.Id] = current;
            foreach (var (subjectId, (held, criteria)) in expert.Cells)
            {
                var has = current.TryGetValue(subjectId, out var currentCriteria);
                if (held && (!has || currentCriteria != criteria))
                {
                    expert.Held[subjectId] = criteria;
                }
                else if (!held && has)
                {
                    expert.Removed.Add(subjectId);
                }
            }
        }

        string SubjectsOf(IReadOnlyDictionary<Guid, string?> held) => string.Join(" ; ", subjects.Where(s => held.ContainsKey(s.Id))
            .Select(s => held[s.Id] is { } criteria ? $"{subjectNames[s.Id]} ({criteria})" : subjectNames[s.Id]));
        Dictionary<Guid, string?> After(ExpertStep expert)
        {
            var after = new Dictionary<Guid, string?>(holdings[expert.Id]);
            foreach (var removed in expert.Removed)
            {
                after.Remove(removed);
            }

            foreach (var (subjectId, criteria) in expert.Held)
            {
                after[subjectId] = criteria;
            }

            return after;
        }

        string SubjectChanges(ExpertStep expert) => expert.Held.Count + expert.Removed.Count is var n and > 0
            ? n == 1 ? "1 sujet" : $"{n} sujets"
            : "";

        var antenneNames = antennes.ToDictionary(a => a.Id, a => a.Name);
        var teamCounts = memberships.GroupBy(m => m.Item1).ToDictionary(g => g.Key, g => g.Count());
        var audit = new List<AuditChange>();
        var plannedUsers = new List<PlannedChange>();
        foreach (var user in users)
        {
            var before = (ExistingUser?)user.Before;
            var personal = personalOf.GetValueOrDefault(user.Id);
            var teamsJoined = joined.GetValueOrDefault(user.Id) ?? [];
            var details = new List<string>();
            if (before is not null)
            {
                if (before.FullName != user.FullName) details.Add("nom");
                if (before.AntenneId != user.AntenneId) details.Add("antenne");
            }

            if (personal is not null && personal.Before is not null)
            {
                if (PhoneNumber.Normalize(personal.Before.Phone) != PhoneNumber.Normalize(personal.Phone)) details.Add("téléphone");
                if ((personal.Before.JobTitle ?? "") != (personal.JobTitle ?? "")) details.Add("fonction");
            }
            else if (personal is not null && before is not null)
            {
                details.Add("fiche d’expert créée");
            }

            if (personal is not null && SubjectChanges(personal) is { Length: > 0 } changedSubjects) details.Add(changedSubjects);
            details.AddRange(teamsJoined.Select(t => $"rejoint l’équipe « {t.FullName} »"));

            if (before is not null && details.Count == 0 && (personal?.FieldsChanged ?? false))
            {
                details.Add("fiche d’expert remise en accord avec le compte");
            }

            var change = before is null ? UserChange.Created : details.Count > 0 ? UserChange.Updated : UserChange.Unchanged;
            plannedUsers.Add(new PlannedChange(user.Line, user.FullName, user.Email, antenneNames[user.AntenneId], change, string.Join(", ", details)));
            if (change == UserChange.Unchanged)
            {
                continue;
            }

            var beforeTeams = before is null ? 0 : teamCounts.GetValueOrDefault(before.Id);
            audit.Add(new AuditChange("user", user.Id, before is null ? "Création par import CSV" : "Modification par import CSV",
                before is null ? null : new
                {
                    Nom = before.FullName,
                    Adresse = before.Email,
                    Antenne = antenneNames.GetValueOrDefault(before.AntenneId, "?"),
                    Téléphone = personal?.Before?.Phone ?? "",
                    Fonction = personal?.Before?.JobTitle ?? "",
                    Sujets = personal?.Before is null ? "" : SubjectsOf(holdings[personal.Id]),
                    Équipes = beforeTeams,
                },
                new
                {
                    Nom = user.FullName,
                    Adresse = user.Email,
                    Antenne = antenneNames[user.AntenneId],
                    Téléphone = personal?.Phone ?? "",
                    Fonction = personal?.JobTitle ?? "",
                    Sujets = personal is null ? "" : SubjectsOf(After(personal)),
                    Équipes = beforeTeams + teamsJoined.Count,
                }));
        }

        var plannedTeams = new List<PlannedChange>();
        foreach (var team in teams.Values)
        {
            var details = new List<string>();
            if (team.Before is not null && team.Before.FullName != team.FullName) details.Add("nom");
            if (team.Before is not null && PhoneNumber.Normalize(team.Before.Phone) != PhoneNumber.Normalize(team.Phone)) details.Add("téléphone");
            if (SubjectChanges(team) is { Length: > 0 } changedSubjects) details.Add(changedSubjects);
            var change = team.Before is null ? UserChange.Created : details.Count > 0 ? UserChange.Updated : UserChange.Unchanged;
            plannedTeams.Add(new PlannedChange(team.Line, team.FullName, team.Email, antenneNames.GetValueOrDefault(team.AntenneId, ""), change, string.Join(", ", details)));
            if (change != UserChange.Unchanged)
            {
                audit.Add(new AuditChange("expert", team.Id, team.Before is null ? "Création par import CSV" : "Modification par import CSV",
                    team.Before is null ? null : new { Nom = team.Before.FullName, Adresse = team.Before.Email, Téléphone = team.Before.Phone ?? "", Sujets = SubjectsOf(holdings[team.Id]) },
                    new { Nom = team.FullName, Adresse = team.Email, Téléphone = team.Phone ?? "", Sujets = SubjectsOf(After(team)) }));
            }
        }

        var preview = new UsersImportPreview(institution.Name, file.Lines.Count, plannedUsers, plannedTeams, []);
        return new Plan(institution.Id, preview, users, experts, newMemberships, audit);
    }
}

internal static class UsersImportText
{
    public static string Plural(int count, string one, string many) => $"{count} {(count <= 1 ? one : many)}";

    public static string Summary(UsersImportPreview preview) =>
        $"{Plural(preview.Count(UserChange.Created), "conseiller créé", "conseillers créés")}, "
        + $"{Plural(preview.Count(UserChange.Updated), "mis à jour", "mis à jour")}, "
        + $"{Plural(preview.Count(UserChange.Unchanged), "inchangé", "inchangés")} ; "
        + $"{Plural(preview.CountTeams(UserChange.Created), "équipe créée", "équipes créées")}, "
        + $"{Plural(preview.CountTeams(UserChange.Updated), "mise à jour", "mises à jour")}";
}
