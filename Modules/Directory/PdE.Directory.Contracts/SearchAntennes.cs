using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// The antennes of the directory whose name, or institution's name, holds every word of <paramref name="Text"/>, accent- and
/// case-insensitively: the agents' search box, for the team.
/// </summary>
/// <param name="Text">What the agent typed, e.g. « cci lyon ».</param>
/// <param name="Limit">At most this many antennes, by institution and name.</param>
public sealed record SearchAntennes(string Text, int Limit = 5) : IQuery<IReadOnlyList<FoundAntenne>>;

/// <summary>An antenne found by <see cref="SearchAntennes"/>.</summary>
/// <param name="AntenneId">Its directory id (its page: /admin/annuaire/antennes/{AntenneId}).</param>
/// <param name="Name">Its name.</param>
/// <param name="InstitutionName">Its institution's name.</param>
/// <param name="Experts">How many experts it has.</param>
public sealed record FoundAntenne(Guid AntenneId, string Name, string InstitutionName, int Experts);
