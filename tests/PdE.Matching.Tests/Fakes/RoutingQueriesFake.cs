using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for Directory's routing candidates and support experts: answers whatever the test set, and records the questions.</summary>
internal sealed class RoutingQueriesFake : IQueryHandler<FindRoutingCandidates, RoutingCandidates>, IQueryHandler<FindSupportExperts, IReadOnlyList<RoutingCandidate>>
{
    public static RoutingCandidates Candidates { get; set; } = Empty;

    public static IReadOnlyList<RoutingCandidate> SupportExperts { get; set; } = [];

    public static List<object> Received { get; } = [];

    private static RoutingCandidates Empty => new(true, false, null, [], []);

    public ValueTask<RoutingCandidates> Handle(FindRoutingCandidates query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(Candidates);
    }

    public ValueTask<IReadOnlyList<RoutingCandidate>> Handle(FindSupportExperts query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(SupportExperts);
    }

    /// <summary>An expert of the subject covering the commune through their antenne, with no match filter.</summary>
    public static RoutingCandidate Expert(string name, string email, string antenne, string institution, string institutionSlug = "institution", bool hasAccount = true) =>
        new(Guid.CreateVersion7(), name, email, hasAccount, Guid.CreateVersion7(), antenne, Guid.CreateVersion7(), institution, institutionSlug, "Antenne", []);

    /// <summary>Directory answers these experts as the subject's candidates.</summary>
    public static void Cover(params RoutingCandidate[] experts) => Candidates = new(true, false, null, experts, []);

    public static void Reset()
    {
        Candidates = Empty;
        SupportExperts = [];
        Received.Clear();
    }
}
