using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// The names of communes by INSEE code, from the reference data: pages show "Nantes (44000)" where modules only keep the code.
/// Unknown codes are left out of the answer.
/// </summary>
/// <param name="Codes">INSEE commune codes, e.g. <c>44109</c>.</param>
public sealed record GetCommuneNames(IReadOnlyCollection<string> Codes) : IQuery<IReadOnlyDictionary<string, CommuneName>>;

/// <summary>A commune as pages name it, with <c>French.Commune</c> (Shared): "Rouen (76000)".</summary>
/// <param name="Name">E.g. <c>Nantes</c>.</param>
/// <param name="DepartementCode">Its département, e.g. <c>44</c>, <c>2A</c>, <c>974</c>.</param>
/// <param name="Postcode">The postcode a French reader expects, e.g. <c>75011</c> for Paris 11e (INSEE <c>75111</c>); the lowest
/// when the commune has several (Toulouse: <c>31000</c>); null when the reference data has none.</param>
public sealed record CommuneName(string Name, string DepartementCode, string? Postcode = null);
