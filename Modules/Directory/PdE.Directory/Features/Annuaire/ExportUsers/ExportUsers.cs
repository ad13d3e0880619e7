using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Csv;
using PdE.Directory.Features.Annuaire.ImportUsers;
using PdE.Shared.Validation;

namespace PdE.Directory.Features.Annuaire.ExportUsers;

/// <summary>
/// The users of an institution as the CSV file ImportUsers reads back: one row per (user, team of the institution), plus
/// one for the user's own expert when they have no team or hold subjects themselves; then its experts without an account
/// (« Compte » = « non »): one row per person, one per team no account belongs to; one column per institution subject
/// ("x", or the intervention criteria). Export then import is a round trip: it changes nothing. Null for an unknown institution.
/// </summary>
internal sealed record ExportUsersQuery(string Slug) : IQuery<byte[]?>;

internal sealed class ExportUsersHandler(NpgsqlDataSource dataSource) : IQueryHandler<ExportUsersQuery, byte[]?>
{
    private const string Institution = "select id, name from directory.institution where slug = @Slug and deleted_at is null";

    // Set-based on purpose (no lateral subquery per user): right after a large import the planner's statistics are stale
    // and a per-user plan can turn quadratic.
    private const string Directory = """
        select u.id as Id, u.full_name as FullName, lower(u.email) as Email, a.name as Antenne
        from directory.user_account u
        join directory.antenne a on a.id = u.antenne_id
        where a.institution_id = @Id and u.deleted_at is null and a.deleted_at is null
        order by a.name collate "fr-x-icu", u.full_name collate "fr-x-icu", u.email;

        select distinct on (ue.user_id) ue.user_id as UserId, e.id as Id, e.phone as Phone, e.job_title as JobTitle
        from directory.user_expert ue
        join directory.expert e on e.id = ue.expert_id
        join directory.user_account u on u.id = ue.user_id
        join directory.antenne a on a.id = u.antenne_id
        where a.institution_id = @Id and not e.is_team and e.deleted_at is null and u.deleted_at is null
        order by ue.user_id, e.created_at, e.id;

        select ue.user_id as UserId, e.id as Id, lower(e.email) as Email, e.full_name as FullName, e.phone as Phone
        from directory.user_expert ue
        join directory.expert e on e.id = ue.expert_id
        join directory.antenne ea on ea.id = e.antenne_id
        join directory.user_account u on u.id = ue.user_id
        join directory.antenne ua on ua.id = u.antenne_id
        where ua.institution_id = @Id and ea.institution_id = @Id and e.is_team and e.deleted_at is null and u.deleted_at is null
        order by e.full_name collate "fr-x-icu", e.id;

        select e.id as Id, e.is_team as IsTeam, a.name as Antenne, e.full_name as FullName, lower(e.email) as Email, e.phone as Phone,
               e.job_title as JobTitle
        from directory.expert e
        join directory.antenne a on a.id = e.antenne_id
        where a.institution_id = @Id and e.deleted_at is null and a.deleted_at is null
          and not exists (select 1 from directory.user_expert ue join directory.user_account u on u.id = ue.user_id
                          where ue.expert_id = e.id and u.deleted_at is null)
        order by e.is_team, a.name collate "fr-x-icu", e.full_name collate "fr-x-icu", e.email, e.id;

        select es.expert_id as ExpertId, es.institution_subject_id as SubjectId, es.intervention_criteria as Criteria
        from directory.expert_subject es join directory.institution_subject isub on isub.id = es.institution_subject_id
        where isub.institution_id = @Id;
        """;

    public async ValueTask<byte[]?> Handle(ExportUsersQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var institution = await connection.QuerySingleOrDefaultAsync<InstitutionRow>(new CommandDefinition(
            Institution, new { query.Slug }, cancellationToken: cancellationToken));
        if (institution is not { } found)
        {
            return null;
        }

        var subjects = (await connection.QueryAsync<InstitutionSubjectColumn>(new CommandDefinition(
            InstitutionSubjectColumn.Query, new { found.Id }, cancellationToken: cancellationToken))).AsList();
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Directory, new { found.Id }, cancellationToken: cancellationToken));
        var users = await results.ReadAsync<UserRow>();
        var personals = (await results.ReadAsync<PersonalRow>()).ToDictionary(p => p.UserId);
        var teams = (await results.ReadAsync<TeamRow>()).ToLookup(t => t.UserId);
        var accountless = await results.ReadAsync<AccountlessRow>();
        var held = (await results.ReadAsync<HeldRow>()).ToLookup(h => h.ExpertId);

        IEnumerable<string> Cells(Guid? expertId)
        {
            var criteria = expertId is { } id ? held[id].ToDictionary(h => h.SubjectId, h => h.Criteria ?? "x") : [];
            return subjects.Select(s => criteria.GetValueOrDefault(s.Id, ""));
        }

        var header = new List<string>
        {
            UsersFile.InstitutionColumn, UsersFile.AntenneColumn, UsersFile.NameColumn, UsersFile.EmailColumn, UsersFile.PhoneColumn,
            UsersFile.JobColumn, UsersFile.AccountColumn, UsersFile.TeamEmailColumn, UsersFile.TeamNameColumn, UsersFile.TeamPhoneColumn,
        };
        header.AddRange(subjects.Select(s => s.Header(subjects)));
        var rows = new List<IReadOnlyList<string>> { header };
        foreach (var user in users)
        {
            var personal = personals.GetValueOrDefault(user.Id);
            string[] person = [found.Name, user.Antenne, user.FullName, user.Email, Phone(personal?.Phone), personal?.JobTitle ?? "", "oui"];
            var userTeams = teams[user.Id].ToList();
            if (userTeams.Count == 0 || (personal is not null && held[personal.Id].Any()))
            {
                rows.Add([.. person, "", "", "", .. Cells(personal?.Id)]);
            }

            rows.AddRange(userTeams.Select(team => (IReadOnlyList<string>)[.. person, team.Email, team.FullName, Phone(team.Phone), .. Cells(team.Id)]));
        }

        foreach (var expert in accountless)
        {
            rows.Add(expert.IsTeam
                ? [found.Name, expert.Antenne, "", "", "", "", "non", expert.Email, expert.FullName, Phone(expert.Phone), .. Cells(expert.Id)]
                : [found.Name, expert.Antenne, expert.FullName, expert.Email, Phone(expert.Phone), expert.JobTitle ?? "", "non", "", "", "", .. Cells(expert.Id)]);
        }

        return CsvFile.Write(rows);
    }

    private static string Phone(string? phone) => string.IsNullOrWhiteSpace(phone) ? "" : PhoneNumber.Format(PhoneNumber.Normalize(phone));

    private sealed record InstitutionRow(Guid Id, string Name);

    private sealed record UserRow(Guid Id, string FullName, string Email, string Antenne);

    private sealed record PersonalRow(Guid UserId, Guid Id, string? Phone, string? JobTitle);

    private sealed record TeamRow(Guid UserId, Guid Id, string Email, string FullName, string? Phone);

    private sealed record AccountlessRow(Guid Id, bool IsTeam, string Antenne, string FullName, string Email, string? Phone, string? JobTitle);

    private sealed record HeldRow(Guid ExpertId, Guid SubjectId, string? Criteria);
}
