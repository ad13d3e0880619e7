using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.ShowExpertInbox;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using PdE.Testing;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ShowExpertInbox;

/// <summary>Issue 16: the request's cancellation token reaches the SQL, so an abandoned page or answer stops its statements.</summary>
public sealed class AbandonedRequestTests
{
    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        MatchingTestHost.Clock.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task An_abandoned_inbox_view_cancels_its_query()
    {
        await RouteAsync();

        await AbandonedQuery.AssertCancelledAsync(MatchingTestHost.Host.Database.ConnectionString,
            "lock table matching.match in access exclusive mode", "from matching.match m",
            token => SendAsync(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Reception, 1), token));
    }

    [Test]
    public async Task An_answer_abandoned_before_its_commit_cancels_its_statement_and_changes_nothing()
    {
        var need = await RouteAsync();

        await AbandonedQuery.AssertCancelledAsync(MatchingTestHost.Host.Database.ConnectionString,
            $"select 1 from matching.match where id = '{need.CamilleMatch}' for update", "for update of m, n",
            token => SendAsync(new ChangeMatchStatusCommand(need.NeedId, need.CamilleMatch, MatchAnswer.Take, CamilleAgent), token));

        await using var connection = Connect();
        Assert.That(await connection.ExecuteScalarAsync<string>("select status from matching.match where id = @CamilleMatch", need), Is.EqualTo("quo"));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match_history"), Is.Zero);
    }

    private static Task<T> SendAsync<T>(IQuery<T> query, CancellationToken cancellationToken) =>
        MatchingTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query, cancellationToken).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command, CancellationToken cancellationToken) =>
        MatchingTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command, cancellationToken).AsTask());
}
