using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Tests.Fakes;

namespace PdE.Matching.Tests.AnswerPreviewRouting;

/// <summary>What the triage desk learns before it sends a request: who would receive it, or why nobody would.</summary>
public sealed class AnswerPreviewRoutingTests
{
    private static readonly RoutingCandidate Camille = new(
        Guid.CreateVersion7(), "Camille Martin", "camille@example.fr", true, Guid.CreateVersion7(), "CCI Rouen Métropole",
        Guid.CreateVersion7(), "CCI Normandie", "cci-normandie", "Antenne", []);

    [SetUp]
    public void Reset() => RoutingQueriesFake.Reset();

    [Test]
    public async Task Counts_the_experts_routing_would_pick_and_names_their_institutions()
    {
        RoutingQueriesFake.Candidates = new RoutingCandidates(true, false, "Rouen", [Camille, Camille with { ExpertId = Guid.CreateVersion7(), FullName = "Bruno" }], []);

        var preview = await PreviewAsync("76540");

        Assert.That(preview, Is.EqualTo(new RoutingPreview(2, ["CCI Normandie"], null)).Using<RoutingPreview>(Same));
        Assert.That(RoutingQueriesFake.Received, Is.EqualTo(new object[] { new FindRoutingCandidates("recruter", "76540") }), "no support fallback");
    }

    [Test]
    public async Task Says_which_filter_ruled_the_only_expert_out_and_which_institution_covers_nothing_there()
    {
        // The company has 6 to 9 employees; the antenne takes companies of 50 or more only.
        var filter = new MatchFilter(Guid.CreateVersion7(), Camille.AntenneId, null, [], null, null, 50, null, [], [], [], []);
        RoutingQueriesFake.Candidates = new RoutingCandidates(true, false, "Rouen", [Camille with { MatchFilters = [filter] }],
            [new UncoveredInstitution(Guid.CreateVersion7(), "CMA Normandie", "cma-normandie")]);

        var preview = await PreviewAsync("76540");

        Assert.That(preview.ExpertCount, Is.Zero);
        Assert.That(preview.WhyNobody, Does.StartWith("Aucun conseiller retenu. "));
        Assert.That(preview.WhyNobody, Does.Contain("50 salariés"));
        Assert.That(preview.WhyNobody, Does.Contain("CMA Normandie : aucun conseiller ne couvre Rouen"));
    }

    [Test]
    public async Task Names_the_commune_with_its_postcode_when_nobody_handles_the_subject_there()
    {
        var preview = await PreviewAsync("76540");

        Assert.That(preview, Is.EqualTo(new RoutingPreview(0, [], "Aucun conseiller de l’annuaire ne traite ce sujet sur la commune : Rouen (76000)."))
            .Using<RoutingPreview>(Same));
    }

    private static bool Same(RoutingPreview a, RoutingPreview b) =>
        a.ExpertCount == b.ExpertCount && a.InstitutionNames.SequenceEqual(b.InstitutionNames) && a.WhyNobody == b.WhyNobody;

    private static Task<RoutingPreview> PreviewAsync(string commune) =>
        MatchingTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>()
            .Send(new PreviewRouting("recruter", commune, new DateOnly(2012, 3, 15), "03", "10.71C", "5499")).AsTask());
}
