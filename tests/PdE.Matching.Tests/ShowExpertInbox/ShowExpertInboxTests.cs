using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.ShowExpertInbox;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ShowExpertInbox;

/// <summary>The expert inbox: each need in the tab of the agent's own match, with counts per tab.</summary>
public sealed class ShowExpertInboxTests
{
    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [Test]
    public async Task Each_need_shows_in_the_tab_of_the_agent_s_own_match_with_counts()
    {
        var first = await RouteAsync("PREMIÈRE");
        var second = await RouteAsync("DEUXIÈME");
        var third = await RouteAsync("TROISIÈME");
        var fourth = await RouteAsync("QUATRIÈME");
        await first.AnswerAsync(first.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        await second.AnswerAsync(second.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        await second.AnswerAsync(second.CamilleMatch, MatchAnswer.CloseWithoutHelp, CamilleAgent);
        await third.AnswerAsync(third.CamilleMatch, MatchAnswer.Decline, CamilleAgent);
        // Bruno's answer moves nothing in Camille's inbox.
        await fourth.AnswerAsync(fourth.BrunoMatch, MatchAnswer.Take, BrunoAgent);

        var inbox = await InboxAsync(CamilleAgent, "reception");

        Assert.That(inbox.Counts, Is.EqualTo(new Dictionary<string, int> { ["reception"] = 1, ["en-cours"] = 1, ["clotures"] = 1, ["refuses"] = 1 }));
        Assert.That(inbox.Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "QUATRIÈME" }));
        Assert.That((await InboxAsync(CamilleAgent, "en-cours")).Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "PREMIÈRE" }));
        Assert.That((await InboxAsync(CamilleAgent, "clotures")).Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "DEUXIÈME" }));
        Assert.That((await InboxAsync(CamilleAgent, "refuses")).Needs.Select(n => (n.CompanyName, n.ExpertNames)), Is.EqualTo(new[] { ("TROISIÈME", "Camille Martin") }));
        Assert.That((await InboxAsync(BrunoAgent, "reception")).Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "PREMIÈRE", "DEUXIÈME", "TROISIÈME" }),
            "the inbox shows the oldest first");
    }

    [Test]
    public async Task Closed_needs_come_newest_first_and_an_agent_without_expert_has_an_empty_inbox()
    {
        var first = await RouteAsync("PREMIÈRE");
        var second = await RouteAsync("DEUXIÈME");
        foreach (var need in new[] { second, first })
        {
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent);
        }

        Assert.That((await InboxAsync(CamilleAgent, "clotures")).Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "PREMIÈRE", "DEUXIÈME" }));
        var nobody = await InboxAsync(new AgentViewer(Guid.NewGuid(), "Sans référent", [], false), "reception");
        Assert.That((nobody.Needs.Count, nobody.Counts.Values.Sum()), Is.EqualTo((0, 0)));
    }

    private static Task<ExpertInbox> InboxAsync(AgentViewer viewer, string tab) =>
        SendAsync(new ShowExpertInboxQuery(viewer.ExpertIds, InboxTab.Of(tab), 1));
}
