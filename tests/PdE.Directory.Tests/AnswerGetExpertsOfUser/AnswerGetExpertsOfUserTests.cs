using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Accounts.InviteUser;

namespace PdE.Directory.Tests.AnswerGetExpertsOfUser;

/// <summary>The experts an account answers for: what Matching's expert inbox lists the matches of.</summary>
public sealed class AnswerGetExpertsOfUserTests
{
    private static readonly Guid CciParis = DirectoryDemoSeeder.IdOf("antenne", "cci-paris-idf");
    private static readonly Guid UrssafTeam = DirectoryDemoSeeder.IdOf("expert", "cellule-entreprises-idf");

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Lists_the_person_s_own_expert_then_their_teams()
    {
        var invited = await SendAsync(new InviteUserCommand("Léa Dubois", "lea.dubois@cci-paris-idf.example.fr", CciParis, false, [], [UrssafTeam],
            CreatePersonalExpert: true));

        var experts = await SendAsync(new GetExpertsOfUser(invited.UserId!.Value));

        Assert.That(experts.Select(e => (e.FullName, e.IsTeam)), Is.EqualTo(new[]
        {
            ("Léa Dubois", false), ("Cellule entreprises en difficulté Île-de-France", true),
        }));
        Assert.That(experts[1].ExpertId, Is.EqualTo(UrssafTeam));
    }

    [Test]
    public async Task A_deleted_expert_or_a_deleted_account_answers_for_nobody()
    {
        var invited = await SendAsync(new InviteUserCommand("Léa Dubois", "lea.dubois@cci-paris-idf.example.fr", CciParis, false, [], [UrssafTeam],
            CreatePersonalExpert: true));
        var userId = invited.UserId!.Value;

        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync("update directory.expert set deleted_at = now() where id = @UrssafTeam", new { UrssafTeam });
        Assert.That((await SendAsync(new GetExpertsOfUser(userId))).Select(e => e.FullName), Is.EqualTo(new[] { "Léa Dubois" }));

        await connection.ExecuteAsync("update directory.user_account set deleted_at = now() where id = @userId", new { userId });
        Assert.That(await SendAsync(new GetExpertsOfUser(userId)), Is.Empty);
        Assert.That(await SendAsync(new GetExpertsOfUser(Guid.NewGuid())), Is.Empty);
    }

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(async services => await services.GetRequiredService<IMediator>().Send(command));

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(async services => await services.GetRequiredService<IMediator>().Send(query));
}
