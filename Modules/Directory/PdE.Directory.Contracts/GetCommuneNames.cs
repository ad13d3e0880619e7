using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// The names of communes by INSEE code, from the reference data: pages show "Nantes" where modules only keep the code.
/// Unknown codes are left out of the answer.
/// </summary>
/// <param name="Codes">INSEE commune codes, e.g. <c>44109</c>.</param>
public sealed record GetCommuneNames(IReadOnlyCollection<string> Codes) : IQuery<IReadOnlyDictionary<string, string>>;
