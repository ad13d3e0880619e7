using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Accounts.ListUsers;
using PdE.Directory.Features.Accounts.ShowUser;
using PdE.Testing;

namespace PdE.Directory.Tests.ManageUsers;

/// <summary>Issue 16: the request's cancellation token reaches the SQL, so an abandoned page stops its statements.</summary>
public sealed class AbandonedRequestTests
{
    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public Task An_abandoned_users_list_cancels_its_query() =>
        AbandonedQuery.AssertCancelledAsync(DirectoryTestHost.Host.Database.ConnectionString,
            "lock table directory.user_account in access exclusive mode", "count(*) over ()::int as Total",
            token => QueryAsync(new ListUsersQuery(null, null, 1), token));

    [Test]
    public async Task An_abandoned_account_page_cancels_the_query_of_its_history()
    {
        Guid userId;
        await using (var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString))
        {
            userId = await connection.ExecuteScalarAsync<Guid>(
                "select id from directory.user_account where email = 'camille.martin@cci-paris-idf.example.fr'");
        }

        await AbandonedQuery.AssertCancelledAsync(DirectoryTestHost.Host.Database.ConnectionString,
            "lock table directory.audit_entry in access exclusive mode", "from directory.audit_entry",
            token => QueryAsync(new ShowUserQuery(userId), token));
    }

    private static Task<T> QueryAsync<T>(IQuery<T> query, CancellationToken cancellationToken) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query, cancellationToken).AsTask());
}
