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

    public static void Reset()
    {
        Candidates = Empty;
        SupportExperts = [];
        Received.Clear();
    }
}
