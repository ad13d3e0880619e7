using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// The labels of NAF codes from the reference data, for pages that list several companies: « Boulangerie et
/// boulangerie-pâtisserie » for <c>10.71C</c>. Each code is answered as it was asked, written with or without its dot
/// (<c>1071C</c>, as some partners send it); unknown codes are left out of the answer.
/// </summary>
public sealed record GetNafLabels(IReadOnlyCollection<string> Codes) : IQuery<IReadOnlyDictionary<string, string>>;
