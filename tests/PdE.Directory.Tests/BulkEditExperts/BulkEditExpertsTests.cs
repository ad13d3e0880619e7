using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Annuaire.BulkEditExperts;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Tests.BulkEditExperts;

/// <summary>The antenne grid: one action applied to the ticked experts, in one transaction, each change in the audit log.</summary>
public sealed class BulkEditExpertsTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "Alice Admin");

    private Guid antenneId;
    private Guid otherAntenneId;
    private Guid foreignAntenneId;
    private Guid subjectId;
    private Guid foreignSubjectId;
    private List<Guid> experts = [];

    [SetUp]
    public async Task CreateDirectoryAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        await using var connection = await OpenAsync();
        // Two institutions: 60 experts in "Lille", an empty "Roubaix" next to it, and another institution's antenne.
        (antenneId, otherAntenneId, foreignAntenneId, subjectId, foreignSubjectId) = await connection.QuerySingleAsync<(Guid, Guid, Guid, Guid, Guid)>("""
            with theme as (insert into directory.theme (id, slug, label) values (gen_random_uuid(), 't', 'Thème') returning id),
                 subject as (insert into directory.subject (id, theme_id, slug, label) select gen_random_uuid(), id, 'recrutement', 'Recruter' from theme returning id),
                 institution as (insert into directory.institution (id, slug, name) values (gen_random_uuid(), 'cci-test', 'CCI Test') returning id),
                 other_institution as (insert into directory.institution (id, slug, name) values (gen_random_uuid(), 'cma-test', 'CMA Test') returning id),
                 lille as (insert into directory.antenne (id, institution_id, name) select gen_random_uuid(), id, 'Lille' from institution returning id),
                 roubaix as (insert into directory.antenne (id, institution_id, name) select gen_random_uuid(), id, 'Roubaix' from institution returning id),
                 foreign_antenne as (insert into directory.antenne (id, institution_id, name) select gen_random_uuid(), id, 'CMA Lille' from other_institution returning id),
                 own_subject as (insert into directory.institution_subject (id, institution_id, subject_id) select gen_random_uuid(), institution.id, subject.id from institution, subject returning id),
                 foreign_subject as (insert into directory.institution_subject (id, institution_id, subject_id) select gen_random_uuid(), other_institution.id, subject.id from other_institution, subject returning id)
            select lille.id, roubaix.id, foreign_antenne.id, own_subject.id, foreign_subject.id from lille, roubaix, foreign_antenne, own_subject, foreign_subject
            """);
        experts = (await connection.QueryAsync<Guid>("""
            insert into directory.expert (id, antenne_id, full_name, email, phone, is_team)
            select gen_random_uuid(), @antenneId, 'Conseiller ' || lpad(n::text, 2, '0'), 'conseiller' || n || '@cci.example.fr', '0320000000', n = 60
            from generate_series(1, 60) n
            returning id
            """, new { antenneId })).AsList();
    }

    [Test]
    public async Task Assigning_a_subject_to_50_experts_gives_it_to_each_and_records_50_audit_entries()
    {
        var selected = experts.Take(50).ToList();

        var result = await SendAsync(new AssignSubjectToExpertsCommand(Select(selected), subjectId, "  Entreprises de plus de 10 salariés "));

        Assert.That(result, Is.EqualTo(BulkEditResult.Done("Sujet « Recruter » : 50 conseillers mis à jour.")));
        await using var connection = await OpenAsync();
        var criteria = await connection.QueryAsync<string>("select intervention_criteria from directory.expert_subject where institution_subject_id = @subjectId", new { subjectId });
        Assert.That(criteria, Has.Exactly(50).EqualTo("Entreprises de plus de 10 salariés"));
        var audit = (await connection.QueryAsync<(string Actor, string Action, string After)>(
            "select actor_name, action, after::text from directory.audit_entry where entity_type = 'expert'")).AsList();
        Assert.That(audit, Has.Count.EqualTo(50));
        Assert.That(audit.Select(a => (a.Actor, a.Action)).Distinct(), Is.EqualTo(new[] { ("Alice Admin", "Sujet ajouté") }));
        Assert.That(AuditEntry.Describe(audit[0].After), Is.EqualTo("Sujet : Recruter · Critères : Entreprises de plus de 10 salariés"));
    }

    [Test]
    public async Task Assigning_again_with_the_same_criteria_changes_nothing_and_adds_no_audit_entry()
    {
        await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(3)), subjectId, null));

        var again = await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(4)), subjectId, null));

        Assert.That(again.Message, Is.EqualTo("Sujet « Recruter » : 1 conseiller mis à jour, 3 l’avaient déjà."));
        Assert.That(await CountAsync("select count(*) from directory.audit_entry"), Is.EqualTo(4));
    }

    [Test]
    public async Task Changing_the_criteria_of_an_expert_who_has_the_subject_records_before_and_after()
    {
        await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(1)), subjectId, "TPE"));

        await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(1)), subjectId, "PME"));

        await using var connection = await OpenAsync();
        var (before, after) = await connection.QuerySingleAsync<(string, string)>(
            "select before::text, after::text from directory.audit_entry where action = 'Critères modifiés'");
        Assert.That((AuditEntry.Describe(before), AuditEntry.Describe(after)), Is.EqualTo(("Sujet : Recruter · Critères : TPE", "Sujet : Recruter · Critères : PME")));
    }

    [Test]
    public async Task Experts_of_another_antenne_slipped_into_the_selection_are_left_alone()
    {
        await using var connection = await OpenAsync();
        var outsider = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.expert (id, antenne_id, full_name, email) values (gen_random_uuid(), @otherAntenneId, 'Extérieur', 'ext@example.fr') returning id
            """, new { otherAntenneId });

        var result = await SendAsync(new AssignSubjectToExpertsCommand(Select([experts[0], outsider]), subjectId, null));

        Assert.That(result.Message, Does.Contain("1 conseiller mis à jour"));
        Assert.That(await CountAsync($"select count(*) from directory.expert_subject where expert_id = '{outsider}'"), Is.Zero);
    }

    [Test]
    public async Task A_subject_of_another_institution_or_an_empty_selection_is_refused_and_changes_nothing()
    {
        var foreign = await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(2)), foreignSubjectId, null));
        var none = await SendAsync(new AssignSubjectToExpertsCommand(Select([]), subjectId, null));
        var tooLong = await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(2)), subjectId, new string('x', 501)));

        Assert.That(foreign, Is.EqualTo(BulkEditResult.Refused("Choisissez un sujet de l’institution à ajouter.")));
        Assert.That(none, Is.EqualTo(BulkEditResult.Refused("Sélectionnez au moins un conseiller dans le tableau.")));
        Assert.That(tooLong.Succeeded, Is.False);
        Assert.That(await CountAsync($"select count(*) from directory.expert_subject where {Ours}") + await CountAsync("select count(*) from directory.audit_entry"), Is.Zero);
    }

    [Test]
    public async Task Removing_a_subject_audits_only_the_experts_who_had_it()
    {
        await SendAsync(new AssignSubjectToExpertsCommand(Select(experts.Take(5)), subjectId, "TPE"));

        var result = await SendAsync(new RemoveSubjectFromExpertsCommand(Select(experts.Take(10)), subjectId));

        Assert.That(result.Message, Is.EqualTo("Sujet « Recruter » retiré à 5 conseillers."));
        Assert.That(await CountAsync($"select count(*) from directory.expert_subject where {Ours}"), Is.Zero);
        Assert.That(await CountAsync("select count(*) from directory.audit_entry where action = 'Sujet retiré'"), Is.EqualTo(5));
    }

    [Test]
    public async Task Setting_own_communes_then_global_zone_then_the_antenne_territory()
    {
        var selected = Select(experts.Take(2));

        var communes = await SendAsync(new SetExpertsCoverageCommand(selected, CoverageMode.Communes, "59350, 59512 9001"));
        Assert.That(communes.Message, Does.StartWith("Territoire « 3 communes propres » appliqué à 2 conseillers."));
        Assert.That(communes.Message, Does.Contain("Le code « 9001 » a 4 chiffres : il est lu « 09001 »."));
        Assert.That(await CountAsync($"select count(*) from directory.expert_commune where {Ours}"), Is.EqualTo(6));
        Assert.That(await CountAsync($"select count(*) from directory.expert where has_own_communes and {OursById}"), Is.EqualTo(2));

        await SendAsync(new SetExpertsCoverageCommand(selected, CoverageMode.GlobalZone, null));
        Assert.That(await CountAsync($"select count(*) from directory.expert_commune where {Ours}"), Is.Zero);
        Assert.That(await CountAsync($"select count(*) from directory.expert where is_global_zone and {OursById}"), Is.EqualTo(2));

        await SendAsync(new SetExpertsCoverageCommand(selected, CoverageMode.Antenne, "59350"));
        Assert.That(await CountAsync($"select count(*) from directory.expert where (is_global_zone or has_own_communes) and {OursById}"), Is.Zero);

        await using var connection = await OpenAsync();
        var history = (await connection.QueryAsync<string>(
            "select after::text from directory.audit_entry where entity_id = @id order by occurred_at, id", new { id = experts[0] })).Select(AuditEntry.Describe);
        Assert.That(history, Is.EqualTo(new[] { "Territoire : 3 communes propres", "Territoire : Zone globale (toute la France)", "Territoire : Celui de l’antenne" }));
    }

    [Test]
    public async Task Unknown_or_malformed_commune_codes_are_refused_and_change_nothing()
    {
        var unknown = await SendAsync(new SetExpertsCoverageCommand(Select(experts.Take(2)), CoverageMode.Communes, "59350 99999"));
        var malformed = await SendAsync(new SetExpertsCoverageCommand(Select(experts.Take(2)), CoverageMode.Communes, "Lille"));
        var empty = await SendAsync(new SetExpertsCoverageCommand(Select(experts.Take(2)), CoverageMode.Communes, " "));

        Assert.That(unknown, Is.EqualTo(BulkEditResult.Refused("Codes commune inconnus : 99999. Rien n’a été modifié.")));
        Assert.That(malformed.Message, Does.Contain("« Lille » n’est pas un code commune INSEE"));
        Assert.That(empty.Message, Does.StartWith("Indiquez les codes INSEE"));
        Assert.That(await CountAsync($"select count(*) from directory.expert_commune where {Ours}") + await CountAsync("select count(*) from directory.audit_entry"), Is.Zero);
    }

    [Test]
    public async Task Moving_experts_takes_the_accounts_of_the_persons_with_them_but_not_team_members()
    {
        await using var connection = await OpenAsync();
        var person = experts[0];
        var team = experts[59];
        var userId = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.user_account (id, antenne_id, full_name, email) values (gen_random_uuid(), @antenneId, 'Conseiller 01', 'conseiller1@cci.example.fr') returning id
            """, new { antenneId });
        var teamMemberId = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.user_account (id, antenne_id, full_name, email) values (gen_random_uuid(), @antenneId, 'Membre', 'membre@cci.example.fr') returning id
            """, new { antenneId });
        await connection.ExecuteAsync("insert into directory.user_expert values (@userId, @person), (@teamMemberId, @team)", new { userId, person, teamMemberId, team });

        var result = await SendAsync(new MoveExpertsCommand(Select([person, team]), otherAntenneId));

        Assert.That(result, Is.EqualTo(BulkEditResult.Done("2 conseillers déplacés vers « Roubaix ».")));
        Assert.That(await CountAsync($"select count(*) from directory.expert where antenne_id = '{otherAntenneId}'"), Is.EqualTo(2));
        Assert.That(await connection.ExecuteScalarAsync<Guid>("select antenne_id from directory.user_account where id = @userId", new { userId }), Is.EqualTo(otherAntenneId));
        Assert.That(await connection.ExecuteScalarAsync<Guid>("select antenne_id from directory.user_account where id = @teamMemberId", new { teamMemberId }), Is.EqualTo(antenneId));
        Assert.That(AuditEntry.Describe(await connection.ExecuteScalarAsync<string>("select after::text from directory.audit_entry limit 1")), Is.EqualTo("Antenne : Roubaix"));
    }

    [Test]
    public async Task Moving_to_another_institution_or_to_the_same_antenne_is_refused()
    {
        var foreign = await SendAsync(new MoveExpertsCommand(Select(experts.Take(1)), foreignAntenneId));
        var same = await SendAsync(new MoveExpertsCommand(Select(experts.Take(1)), antenneId));

        Assert.That(foreign, Is.EqualTo(BulkEditResult.Refused("Choisissez une autre antenne de la même institution.")));
        Assert.That(same.Succeeded, Is.False);
        Assert.That(await CountAsync($"select count(*) from directory.expert where antenne_id = '{antenneId}'"), Is.EqualTo(60));
    }

    [Test]
    public async Task Deleting_experts_erases_persons_details_keeps_team_names_and_logs_no_personal_data()
    {
        var result = await SendAsync(new DeactivateExpertsCommand(Select([experts[0], experts[59]])));

        Assert.That(result, Is.EqualTo(BulkEditResult.Done("2 conseillers supprimés.")));
        await using var connection = await OpenAsync();
        var rows = (await connection.QueryAsync<(string Name, string Email, string? Phone, bool Deleted)>(
            "select full_name, email, phone, deleted_at is not null from directory.expert where id = any(@ids) order by is_team",
            new { ids = new[] { experts[0], experts[59] } })).ToList();
        Assert.That(rows[0], Is.EqualTo(("Conseiller supprimé", $"supprime-{experts[0]}@anonyme.invalid", (string?)null, true)));
        Assert.That(rows[1], Is.EqualTo(("Conseiller 60", "conseiller60@cci.example.fr", (string?)"0320000000", true)));
        var logged = string.Join(" ", await connection.QueryAsync<string>("select coalesce(before::text, '') || after::text from directory.audit_entry"));
        Assert.That(logged, Does.Not.Contain("Conseiller 01").And.Not.Contain("conseiller1@"));
        Assert.That(await CountAsync($"select count(*) from directory.expert where deleted_at is null and {OursById}"), Is.EqualTo(58));
    }

    /// <summary>Rows of the test's own experts (the demo directory is there too).</summary>
    private string OursById => $"antenne_id in ('{antenneId}', '{otherAntenneId}')";

    private string Ours => $"expert_id in (select id from directory.expert where {OursById})";

    [Test]
    public async Task Inviting_creates_the_missing_accounts_and_sends_one_link_to_each_person_not_yet_activated()
    {
        await using var connection = await OpenAsync();
        // experts[2] already has an activated account; experts[59] is a team without members.
        var activeId = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.user_account (id, antenne_id, full_name, email, password_hash)
            values (gen_random_uuid(), @antenneId, 'Conseiller 03', 'conseiller3@cci.example.fr', 'hash') returning id
            """, new { antenneId });
        await connection.ExecuteAsync("insert into directory.user_expert values (@activeId, @expert)", new { activeId, expert = experts[2] });

        var result = await SendAsync(new InviteExpertsCommand(Select([experts[0], experts[1], experts[2], experts[59]])));

        Assert.That(result, Is.EqualTo(BulkEditResult.Done("2 invitations envoyées : chaque personne reçoit un lien valable 7 jours.")));
        var invited = await connection.QueryAsync<string>("""
            select u.email from directory.user_token t join directory.user_account u on u.id = t.user_id where t.purpose = 'invitation' order by u.email
            """);
        Assert.That(invited, Is.EqualTo(new[] { "conseiller1@cci.example.fr", "conseiller2@cci.example.fr" }));
        Assert.That(await CountAsync($"select count(*) from directory.user_expert where {Ours}"), Is.EqualTo(3));
        Assert.That(await CountAsync("select count(*) from directory.audit_entry where action = 'Invitation envoyée'"), Is.EqualTo(2));

        var again = await SendAsync(new InviteExpertsCommand(Select([experts[0]])));
        Assert.That(again.Message, Does.StartWith("1 invitation envoyée"), "a second click re-sends, without a second account");
        Assert.That(await CountAsync("select count(*) from directory.user_account where email = 'conseiller1@cci.example.fr'"), Is.EqualTo(1));
    }

    private ExpertSelection Select(IEnumerable<Guid> ids) => new(antenneId, ids.ToList(), Admin);

    private static async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
