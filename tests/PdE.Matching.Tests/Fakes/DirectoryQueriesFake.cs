using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for the Directory module: answers its contract query with whatever the test set.</summary>
internal sealed class DirectoryQueriesFake : IQueryHandler<FindExpertsForNeed, IReadOnlyList<ExpertCandidate>>
{
    public static IReadOnlyList<ExpertCandidate> Candidates { get; set; } = [];

    public static List<FindExpertsForNeed> Received { get; } = [];

    public ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(Candidates);
    }

    public static void Reset()
    {
        Candidates = [];
        Received.Clear();
    }
}
