using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for the Directory module: answers its contract queries with whatever the test set.</summary>
internal sealed class DirectoryQueriesFake : IQueryHandler<FindExpertsForNeed, IReadOnlyList<ExpertCandidate>>, IQueryHandler<DescribeCompany, CompanyDescription>
{
    private static readonly CompanyDescription Bakery = new("Paris 11e Arrondissement", "Paris", "Boulangerie et boulangerie-pâtisserie", "6 à 9 salariés");

    public static IReadOnlyList<ExpertCandidate> Candidates { get; set; } = [];

    public static List<FindExpertsForNeed> Received { get; } = [];

    public ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(Candidates);
    }

    /// <summary>The words of the demo bakery's codes; nothing for other codes, as for unknown ones.</summary>
    public ValueTask<CompanyDescription> Handle(DescribeCompany query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(query is { CommuneCode: "75111", NafCode: "10.71C", HeadcountBracket: "03" } ? Bakery : new CompanyDescription(null, null, null, null));

    public static void Reset()
    {
        Candidates = [];
        Received.Clear();
    }
}
