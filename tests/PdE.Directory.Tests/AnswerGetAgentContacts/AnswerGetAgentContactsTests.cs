using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Contracts;

namespace PdE.Directory.Tests.AnswerGetAgentContacts;

/// <summary>The agents' names and addresses Matching asks for when it e-mails the participants of a need's discussion.</summary>
public sealed class AnswerGetAgentContactsTests
{
    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Gives_the_name_and_address_of_each_known_account_and_nothing_for_deleted_or_unknown_ones()
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var admin = await connection.QuerySingleAsync<Guid>("select id from directory.user_account where email = 'admin@place-des-entreprises.example.fr'");
        var camille = await connection.QuerySingleAsync<Guid>("select id from directory.user_account where email = 'camille.martin@cci-paris-idf.example.fr'");

        var contacts = await SendAsync(new GetAgentContacts([camille, admin, Guid.NewGuid(), camille]));

        Assert.That(contacts, Is.EqualTo(new[]
        {
            new AgentContact(admin, "Administrateur de démonstration", "admin@place-des-entreprises.example.fr"),
            new AgentContact(camille, "Camille Martin", "camille.martin@cci-paris-idf.example.fr"),
        }));

        await connection.ExecuteAsync("update directory.user_account set deleted_at = now() where id = @camille", new { camille });
        Assert.That((await SendAsync(new GetAgentContacts([camille, admin]))).Select(c => c.UserId), Is.EqualTo(new[] { admin }));
        Assert.That(await SendAsync(new GetAgentContacts([])), Is.Empty);
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(async services => await services.GetRequiredService<IMediator>().Send(query));
}
