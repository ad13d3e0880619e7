using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for the Directory module: answers its contract queries with whatever the test set.</summary>
internal sealed class DirectoryQueriesFake : IQueryHandler<FindExpertsForNeed, IReadOnlyList<ExpertCandidate>>, IQueryHandler<DescribeCompany, CompanyDescription>
{
    public static IReadOnlyList<ExpertCandidate> Candidates { get; set; } = [];

    public static List<FindExpertsForNeed> Received { get; } = [];

    public ValueTask<IReadOnlyList<ExpertCandidate>> Handle(FindExpertsForNeed query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(Candidates);
    }

    /// <summary>The words of the demo bakery's codes, each on its own; nothing for other codes, as for unknown ones.</summary>
    public ValueTask<CompanyDescription> Handle(DescribeCompany query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CompanyDescription(
            query.CommuneCode == "75111" ? "Paris 11e Arrondissement" : null,
            query.CommuneCode == "75111" ? "Paris" : null,
            query.NafCode == "10.71C" ? "Boulangerie et boulangerie-pâtisserie" : null,
            query.HeadcountBracket == "03" ? "6 à 9 salariés" : null));

    public static void Reset()
    {
        Candidates = [];
        Received.Clear();
    }
}
