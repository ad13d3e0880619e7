using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>The institutions of the directory (deleted ones left out), by name: to pick one in another module's form.</summary>
public sealed record GetInstitutionChoices : IQuery<IReadOnlyList<InstitutionChoice>>;

/// <summary>An institution as a choice in a list.</summary>
/// <param name="Id">Its directory id, what other modules keep to refer to it.</param>
/// <param name="Slug">URL name, e.g. <c>cci</c>.</param>
/// <param name="Name">Its name as shown, e.g. <c>CCI France</c>.</param>
public sealed record InstitutionChoice(Guid Id, string Slug, string Name);
