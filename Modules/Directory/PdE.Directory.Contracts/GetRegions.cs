using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>The régions, by name, with the codes of their départements (to filter requests by the commune's département).</summary>
public sealed record GetRegions : IQuery<IReadOnlyList<RegionChoice>>;

/// <summary>A région and its départements.</summary>
/// <param name="Code">INSEE code, e.g. <c>11</c> Île-de-France.</param>
/// <param name="Name">Its name.</param>
/// <param name="DepartementCodes">Codes of its départements, e.g. <c>75</c>, <c>2A</c>, <c>971</c>.</param>
public sealed record RegionChoice(string Code, string Name, IReadOnlyList<string> DepartementCodes);
