using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Accounts.ListUsers;
using PdE.Directory.Features.Accounts.ShowUser;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Tests.ManageUsers;

public sealed class ManageUsersTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "Alice Admin");

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Rights_are_set_within_the_institution_and_audited_as_before_and_after()
    {
        var userId = await UserIdAsync("camille.martin@cci-paris-idf.example.fr");
        var cciAntenne = await AntenneIdAsync("CCI Paris Île-de-France");
        var foreignAntenne = await AntenneIdAsync("CMA Bretagne");

        await SendAsync(new SetUserRightsCommand(userId, IsAdmin: true, [cciAntenne, foreignAntenne], Admin));

        var details = await QueryAsync(new ShowUserQuery(userId));
        Assert.That(details!.User.IsAdmin, Is.True);
        Assert.That(details.Antennes.Where(a => a.IsManaged).Select(a => a.Name), Is.EqualTo(new[] { "CCI Paris Île-de-France" }), "an antenne of another institution is ignored");
        var entry = details.History.Single();
        Assert.That((entry.Action, AuditEntry.Describe(entry.Before), AuditEntry.Describe(entry.After)),
            Is.EqualTo(("Droits modifiés", "Droits : aucun", "Droits : Administrateur, Responsable de CCI Paris Île-de-France")));

        await SendAsync(new SetUserRightsCommand(userId, IsAdmin: true, [cciAntenne], Admin));
        Assert.That((await QueryAsync(new ShowUserQuery(userId)))!.History, Has.Count.EqualTo(1), "saving the same rights records nothing");
    }

    [Test]
    public async Task Deleting_an_account_erases_the_person_and_their_personal_expert_but_keeps_the_team()
    {
        var userId = await UserIdAsync("camille.martin@cci-paris-idf.example.fr");
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var teamId = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.expert (id, antenne_id, full_name, email, is_team)
            select gen_random_uuid(), antenne_id, 'Équipe Numérique', 'numerique@cci.example.fr', true from directory.user_account where id = @userId
            returning id
            """, new { userId });
        await connection.ExecuteAsync("insert into directory.user_expert values (@userId, @teamId)", new { userId, teamId });

        Assert.That(await SendAsync(new DeleteUserCommand(userId, Admin)), Is.EqualTo(AccountChange.Done));

        var account = await connection.QuerySingleAsync<(string Name, string Email, bool HasPassword, bool Deleted)>(
            "select full_name, email, password_hash is not null, deleted_at is not null from directory.user_account where id = @userId", new { userId });
        Assert.That(account, Is.EqualTo(("Compte supprimé", $"supprime-{userId}@anonyme.invalid", false, true)));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from directory.expert where full_name = 'Camille Martin' or email like 'camille.martin%'"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<bool>("select deleted_at is null from directory.expert where id = @teamId", new { teamId }), Is.True);
        Assert.That(await QueryAsync(new ShowUserQuery(userId)), Is.Null);
        Assert.That(await SendAsync(new DeleteUserCommand(userId, Admin)), Is.EqualTo(AccountChange.NotFound), "deleting twice finds nothing");
    }

    [Test]
    public async Task The_last_administrator_keeps_the_right_and_the_account_until_another_one_exists()
    {
        var adminId = await UserIdAsync("admin@place-des-entreprises.example.fr");
        var camille = await UserIdAsync("camille.martin@cci-paris-idf.example.fr");

        Assert.That(await SendAsync(new SetUserRightsCommand(adminId, IsAdmin: false, [], Admin)), Is.EqualTo(AccountChange.LastAdmin));
        Assert.That(await SendAsync(new DeleteUserCommand(adminId, Admin)), Is.EqualTo(AccountChange.LastAdmin));
        Assert.That((await QueryAsync(new ShowUserQuery(adminId)))!.User.IsAdmin, Is.True, "nothing changed");

        await SendAsync(new SetUserRightsCommand(camille, IsAdmin: true, [], Admin));

        Assert.That(await SendAsync(new SetUserRightsCommand(adminId, IsAdmin: false, [], Admin)), Is.EqualTo(AccountChange.Done));
        Assert.That(await SendAsync(new SetUserRightsCommand(camille, IsAdmin: false, [], Admin)), Is.EqualTo(AccountChange.LastAdmin));
    }

    [TestCase("tous", "camille", 1)]
    [TestCase("actifs", "camille", 1)]
    [TestCase("non-invites", "camille", 0)]
    [TestCase("administrateurs", null, 1)]
    [TestCase("tous", "CAMILLE MARTIN", 1)]
    [TestCase("tous", "île-de-france", 1)]
    public async Task The_list_filters_by_state_and_searches_without_accents_or_case(string scope, string? search, int expected)
    {
        var page = await QueryAsync(new ListUsersQuery(search, scope, 1));

        Assert.That(page.Total, Is.EqualTo(expected));
    }

    private static async Task<Guid> UserIdAsync(string email)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<Guid>("select id from directory.user_account where email = @email", new { email });
    }

    private static async Task<Guid> AntenneIdAsync(string name)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<Guid>("select id from directory.antenne where name = @name", new { name });
    }

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    private static Task<T> QueryAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());
}
