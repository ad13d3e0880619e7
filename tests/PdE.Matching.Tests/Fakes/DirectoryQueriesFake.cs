using Mediator;
using PdE.Directory.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for the Directory module: answers its contract queries with whatever the test set.</summary>
internal sealed class DirectoryQueriesFake : IQueryHandler<DescribeCompany, CompanyDescription>,
    IQueryHandler<GetPublicCatalogue, IReadOnlyList<PublicTheme>>, IQueryHandler<GetCommuneNames, IReadOnlyDictionary<string, CommuneName>>,
    IQueryHandler<SearchExperts, IReadOnlyList<FoundExpert>>, IQueryHandler<GetExpert, FoundExpert?>,
    IQueryHandler<GetAgentContacts, IReadOnlyList<AgentContact>>
{
    /// <summary>The directory's experts, as the team's search finds them.</summary>
    public static IReadOnlyList<FoundExpert> Experts { get; set; } = [];

    /// <summary>Every word in the expert's name, antenne or institution (case-insensitive; the real search also folds accents).</summary>
    public ValueTask<IReadOnlyList<FoundExpert>> Handle(SearchExperts query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<FoundExpert>>(Experts
            .Where(e => query.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .All(w => $"{e.FullName} {e.AntenneName} {e.InstitutionName}".Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Take(query.Limit).ToList());

    public ValueTask<FoundExpert?> Handle(GetExpert query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Experts.FirstOrDefault(e => e.ExpertId == query.ExpertId));

    /// <summary>The agents' accounts Directory knows, by id (the scenario's agents unless a test adds or removes some).</summary>
    public static Dictionary<Guid, AgentContact> Agents { get; } = [];

    /// <summary>The words of the demo bakery's codes, each on its own; nothing for other codes, as for unknown ones.</summary>
    public ValueTask<CompanyDescription> Handle(DescribeCompany query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CompanyDescription(
            query.CommuneCode == "75111" ? "Paris 11e Arrondissement" : null,
            query.CommuneCode == "75111" ? "Paris" : null,
            query.NafCode == "10.71C" ? "Boulangerie et boulangerie-pâtisserie" : null,
            query.HeadcountBracket == "03" ? "6 à 9 salariés" : null,
            query.CommuneCode == "75111" ? "75011" : null));

    /// <summary>One theme with the subjects the tests route on.</summary>
    public ValueTask<IReadOnlyList<PublicTheme>> Handle(GetPublicCatalogue query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PublicTheme>>(
        [
            new("recrutement-formation", "Recrutement et formation",
            [
                new("recruter", "Recruter un ou plusieurs salariés", null, null, null, false, false, false, []),
                new("financer-projet", "Financer un projet", null, null, null, false, false, false, []),
            ]),
        ]);

    /// <summary>Paris 11e and Rouen, with their postcodes; nothing for other codes, as for unknown ones.</summary>
    public ValueTask<IReadOnlyDictionary<string, CommuneName>> Handle(GetCommuneNames query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, CommuneName>>(new Dictionary<string, CommuneName>
        {
            ["75111"] = new("Paris 11e Arrondissement", "75", "75011"),
            ["76540"] = new("Rouen", "76", "76000"),
        }.Where(c => query.Codes.Contains(c.Key)).ToDictionary());

    public ValueTask<IReadOnlyList<AgentContact>> Handle(GetAgentContacts query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<AgentContact>>(query.UserIds.Distinct().Where(Agents.ContainsKey).Select(id => Agents[id]).ToList());

    public static void Reset()
    {
        Experts = [];
        Agents.Clear();
        foreach (var agent in MatchingScenario.AgentContacts)
        {
            Agents[agent.UserId] = agent;
        }
    }
}
