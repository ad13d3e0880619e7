using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Features.Annuaire.ImportUsers;

/// <summary>Checks the file again against the directory as it is now, then applies all of it or none of it, in one transaction.</summary>
internal sealed record ApplyUsersImportCommand(string Slug, byte[] Content, Actor? By = null) : ICommand<UsersImportPreview?>;

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

    // The file's accounts still to invite, offered on the result page.
    private const string Uninvited = """
        select u.id as Id, u.full_name as FullName, u.email as Email, a.name as Antenne
        from directory.user_account u join directory.antenne a on a.id = u.antenne_id
        where a.institution_id = @InstitutionId and u.id = any(@Ids) and u.deleted_at is null and u.password_hash is null
          and not exists (select 1 from directory.user_token t where t.user_id = u.id and t.purpose = 'invitation')
        order by u.full_name collate "fr-x-icu", u.email
        """;

    private const int LargeImport = 1000;

    private const string Analyze = "analyze directory.user_account, directory.expert, directory.user_expert, directory.expert_subject";

    public async ValueTask<UsersImportPreview?> Handle(ApplyUsersImportCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var input = await UsersImportInput.ReadAsync(connection, transaction, command.Slug, command.Content, cancellationToken);
        if (input is null)
        {
            return null;
        }

        var plan = UsersImportPlanner.Plan(input.File, input.Directory);
        if (!plan.Preview.CanApply)
        {
            return plan.Preview;
        }

        var created = plan.Users.Where(u => u.Before is null).ToList();
        var updated = plan.Users.Where(u => u.Before is not null && u.UserChanged).ToList();
        await connection.ExecuteAsync(new CommandDefinition(InsertUsers, new
        {
            Ids = created.Select(u => u.Id).ToArray(),
            AntenneIds = created.Select(u => u.AntenneId).ToArray(),
            Names = created.Select(u => u.FullName).ToArray(),
            Emails = created.Select(u => u.Email).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(UpdateUsers, new
        {
            Ids = updated.Select(u => u.Id).ToArray(),
            AntenneIds = updated.Select(u => u.AntenneId).ToArray(),
            Names = updated.Select(u => u.FullName).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

        var newExperts = plan.Experts.Where(e => e.Before is null).ToList();
        var changedExperts = plan.Experts.Where(e => e.Before is not null && e.FieldsChanged).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            InsertExperts, ExpertArrays(newExperts, withTeamFlag: true), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            UpdateExperts, ExpertArrays(changedExperts, withTeamFlag: false), transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(InsertMemberships, new
        {
            UserIds = plan.NewMemberships.Select(m => m.UserId).ToArray(),
            ExpertIds = plan.NewMemberships.Select(m => m.ExpertId).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

        var removed = plan.Experts.SelectMany(e => e.Removed.Select(s => (e.Id, s))).ToList();
        var held = plan.Experts.SelectMany(e => e.Held.Select(s => (e.Id, s.Key, s.Value))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(ChangeSubjects, new
        {
            RemovedExperts = removed.Select(r => r.Id).ToArray(),
            RemovedSubjects = removed.Select(r => r.s).ToArray(),
            HeldExperts = held.Select(h => h.Id).ToArray(),
            HeldSubjects = held.Select(h => h.Key).ToArray(),
            Criteria = held.Select(h => h.Value).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

        await AuditLog.RecordManyAsync(transaction, command.By ?? Actor.System, plan.AuditChanges, cancellationToken);
        if (created.Count + newExperts.Count + held.Count + removed.Count > LargeImport)
        {
            // As autovacuum would, later: without fresh statistics the next queries on these tables plan for the old sizes.
            await connection.ExecuteAsync(new CommandDefinition(Analyze, transaction: transaction, cancellationToken: cancellationToken));
        }

        var uninvited = (await connection.QueryAsync<UninvitedUser>(new CommandDefinition(
            Uninvited, new { InstitutionId = input.Directory.Institution.Id, Ids = plan.Users.Select(u => u.Id).ToArray() },
            transaction, cancellationToken: cancellationToken))).AsList();
        await transaction.CommitAsync(cancellationToken);
        return plan.Preview with { Uninvited = uninvited };
    }

    private static object ExpertArrays(IReadOnlyList<ExpertStep> experts, bool withTeamFlag) => new
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
