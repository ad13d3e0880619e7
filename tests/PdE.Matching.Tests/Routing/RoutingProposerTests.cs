using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Matching.Routing;
using PdE.Matching.Tests.Fakes;

namespace PdE.Matching.Tests.Routing;

/// <summary>The proposer asks Directory for the candidates, and for the support experts only when the engine keeps nobody.</summary>
public sealed class RoutingProposerTests
{
    private static readonly RoutingNeed Need = new("t-export", "44109", new CompanyFacts(new DateOnly(2015, 5, 20), "11", "62.02A", "5710"), null, null, new DateOnly(2026, 6, 15));

    private static readonly RoutingCandidate Camille = new(
        Guid.CreateVersion7(), "Camille", "camille@example.fr", true, Guid.CreateVersion7(), "CCI Nantes", Guid.CreateVersion7(), "CCI", "cci", "Antenne", []);

    private static readonly RoutingCandidate Support = Camille with { ExpertId = Guid.CreateVersion7(), FullName = "Équipe support", Coverage = "GlobalZone" };

    [SetUp]
    public void Reset() => RoutingQueriesFake.Reset();

    [Test]
    public async Task Asks_the_candidates_of_the_subject_and_commune_and_not_the_support_when_someone_is_proposed()
    {
        RoutingQueriesFake.Candidates = new RoutingCandidates(true, false, "Nantes", [Camille], []);
        RoutingQueriesFake.SupportExperts = [Support];

        var proposal = await ProposeAsync();

        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Camille" }));
        Assert.That(RoutingQueriesFake.Received, Is.EqualTo(new object[] { new FindRoutingCandidates("t-export", "44109") }));
    }

    [Test]
    public async Task Asks_the_support_experts_of_the_commune_when_nobody_is_proposed()
    {
        var filtered = Camille with { MatchFilters = [new MatchFilter(Guid.CreateVersion7(), Camille.AntenneId, null, [], null, null, 50, null, [], [], [], [])] };
        RoutingQueriesFake.Candidates = new RoutingCandidates(true, false, "Nantes", [filtered], []);
        RoutingQueriesFake.SupportExperts = [Support];

        var proposal = await ProposeAsync();

        Assert.That(proposal.UsedSupportFallback, Is.True);
        Assert.That(proposal.Proposed.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Équipe support" }));
        Assert.That(proposal.Excluded.Select(p => p.Expert.FullName), Is.EqualTo(new[] { "Camille" }));
        Assert.That(RoutingQueriesFake.Received, Is.EqualTo(new object[] { new FindRoutingCandidates("t-export", "44109"), new FindSupportExperts("44109") }));
    }

    private static Task<RoutingProposal> ProposeAsync() =>
        MatchingTestHost.Host.InScopeAsync(sp => new RoutingProposer(sp.GetRequiredService<IMediator>()).ProposeAsync(Need, CancellationToken.None).AsTask());
}
