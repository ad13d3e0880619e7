using Dapper;
using Npgsql;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

internal sealed record DirectoryAntenne(Guid Id, string Name);

internal sealed record ExistingUser(Guid Id, string Email, string FullName, Guid AntenneId, Guid InstitutionId, string InstitutionName);

internal sealed record ExistingExpert(Guid Id, Guid? UserId, string Email, string FullName, string? Phone, string? JobTitle, Guid AntenneId);

internal sealed record TeamMembership(Guid UserId, Guid ExpertId);

internal sealed record ExistingSubject(Guid ExpertId, Guid InstitutionSubjectId, string? Criteria);

/// <summary>
/// What a users file is compared with, loaded before planning so that <see cref="UsersImportPlanner"/> reads nothing: the
/// institution's antennes and subjects; the accounts of the file's e-mails (in any institution), the first personal expert
/// of each, the teams they belong to; the institution's teams of the file's team e-mails; its experts without an account of
/// the file's e-mails; the subjects these experts hold.
/// </summary>
internal sealed record CurrentDirectory(ImportedInstitution Institution, IReadOnlyList<DirectoryAntenne> Antennes, IReadOnlyList<InstitutionSubjectColumn> Subjects)
{
    public IReadOnlyList<ExistingUser> Users { get; init; } = [];
    public IReadOnlyList<ExistingExpert> PersonalExperts { get; init; } = [];
    public IReadOnlyList<TeamMembership> Memberships { get; init; } = [];
    public IReadOnlyList<ExistingExpert> Teams { get; init; } = [];
    public IReadOnlyList<ExistingExpert> Accountless { get; init; } = [];
    public IReadOnlyList<ExistingSubject> Holdings { get; init; } = [];
}

/// <summary>A users file parsed, and the directory it is to change.</summary>
internal sealed record UsersImportInput(ParsedUsersFile File, CurrentDirectory Directory)
{
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

        select distinct on (lower(e.email)) e.id as Id, null::uuid as UserId, e.email as Email, e.full_name as FullName,
               e.phone as Phone, e.job_title as JobTitle, e.antenne_id as AntenneId
        from directory.expert e join directory.antenne a on a.id = e.antenne_id
        where a.institution_id = @InstitutionId and not e.is_team and e.deleted_at is null and lower(e.email) = any(@Emails)
          and not exists (select 1 from directory.user_expert ue join directory.user_account u on u.id = ue.user_id
                          where ue.expert_id = e.id and u.deleted_at is null)
        order by lower(e.email), e.created_at, e.id;
        """;

    private const string Subjects = """
        select expert_id as ExpertId, institution_subject_id as InstitutionSubjectId, intervention_criteria as Criteria
        from directory.expert_subject where expert_id = any(@ExpertIds) and institution_subject_id = any(@SubjectIds)
        """;

    /// <summary>
    /// Null for an unknown institution. A handful of set-based queries, whatever the size of the file: a 20,000-line file
    /// costs no more round trips than a 2-line one. Within an apply's transaction the institution is locked (see <see cref="ImportedInstitution"/>).
    /// </summary>
    public static async Task<UsersImportInput?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string slug, byte[] content, CancellationToken cancellationToken)
    {
        var institution = await ImportedInstitution.FindAsync(connection, transaction, slug, cancellationToken);
        if (institution is null)
        {
            return null;
        }

        List<DirectoryAntenne> antennes;
        List<InstitutionSubjectColumn> subjects;
        await using (var results = await connection.QueryMultipleAsync(Command(Antennes + InstitutionSubjectColumn.Query, new { institution.Id })))
        {
            antennes = (await results.ReadAsync<DirectoryAntenne>()).AsList();
            subjects = (await results.ReadAsync<InstitutionSubjectColumn>()).AsList();
        }

        // The subject columns of the file are those of the institution: it is parsed only now.
        var file = UsersFile.Parse(content, institution.Name, slug, subjects);
        var emails = file.Lines.Where(l => !l.IsTeamOnly).Select(l => l.Email).Distinct().ToArray();
        var users = (await connection.QueryAsync<ExistingUser>(Command(Users, new { Emails = emails }))).AsList();

        var userIds = users.Select(u => u.Id).ToArray();
        var teamEmails = file.Lines.Where(l => l.TeamEmail is not null).Select(l => l.TeamEmail!).Distinct().ToArray();
        List<ExistingExpert> personalExperts, teams, accountless;
        List<TeamMembership> memberships;
        await using (var results = await connection.QueryMultipleAsync(Command(
            Experts, new { UserIds = userIds, InstitutionId = institution.Id, TeamEmails = teamEmails, Emails = emails })))
        {
            personalExperts = (await results.ReadAsync<ExistingExpert>()).AsList();
            teams = (await results.ReadAsync<ExistingExpert>()).AsList();
            memberships = (await results.ReadAsync<TeamMembership>()).AsList();
            accountless = (await results.ReadAsync<ExistingExpert>()).AsList();
        }

        var holdings = await connection.QueryAsync<ExistingSubject>(Command(Subjects, new
        {
            ExpertIds = personalExperts.Concat(teams).Concat(accountless).Select(e => e.Id).ToArray(),
            SubjectIds = subjects.Select(s => s.Id).ToArray(),
        }));
        return new UsersImportInput(file, new CurrentDirectory(institution, antennes, subjects)
        {
            Users = users, PersonalExperts = personalExperts, Teams = teams, Memberships = memberships, Accountless = accountless,
            Holdings = holdings.AsList(),
        });

        CommandDefinition Command(string sql, object parameters) => new(sql, parameters, transaction, cancellationToken: cancellationToken);
    }
}
