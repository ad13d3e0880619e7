using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Accounts.InviteUser;

namespace PdE.Directory.Tests.Accounts;

internal static class AccountTestSupport
{
    public static readonly Guid CamilleAntenne = DirectoryDemoSeeder.IdOf("antenne", "cci-paris-idf");

    public static Task<T> SendAsync<T>(ICommand<T> command) =>
        AccountsTestHost.Host.InScopeAsync(async services => await services.GetRequiredService<IMediator>().Send(command));

    public static Task<T> SendAsync<T>(IQuery<T> query) =>
        AccountsTestHost.Host.InScopeAsync(async services => await services.GetRequiredService<IMediator>().Send(query));

    /// <summary>Invites an account and returns the token of its link, read back from the outbox event.</summary>
    public static async Task<(Guid UserId, string Token)> InviteAsync(string email = "lea.dubois@cci-paris-idf.example.fr", bool admin = false)
    {
        var result = await SendAsync(new InviteUserCommand("Léa Dubois", email, CamilleAntenne, admin, [], []));
        Assert.That(result.Error, Is.Null);
        var url = await LastLinkAsync("UserInvited", "invitationUrl");
        return (result.UserId!.Value, url[(url.LastIndexOf('/') + 1)..]);
    }

    public static async Task<string> LastLinkAsync(string eventName, string property)
    {
        await using var connection = new NpgsqlConnection(AccountsTestHost.Host.Database.ConnectionString);
        var payload = await connection.QueryFirstAsync<string>(
            "select payload::text from directory.outbox_message where type like @type order by occurred_at desc, id desc",
            new { type = $"%.{eventName},%" });
        return JsonDocument.Parse(payload).RootElement.GetProperty(property).GetString()!;
    }
}
