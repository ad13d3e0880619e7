using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// Which antennes and experts does this account follow as an antenne manager (responsable d'antenne)? A local antenne's
/// manager follows its experts; a regional one also its child antennes; a national one every antenne of its institution.
/// </summary>
/// <param name="UserId">The account id carried by the sign-in cookie.</param>
public sealed record GetManagedPerimeter(Guid UserId) : IQuery<IReadOnlyList<ManagedAntenne>>;

/// <summary>An antenne of a manager's perimeter, with every expert it has or had (a deleted expert's needs stay followed).</summary>
/// <param name="AntenneId">Directory id of the antenne.</param>
/// <param name="Name">Its name.</param>
/// <param name="ExpertIds">Its experts, deleted ones included.</param>
public sealed record ManagedAntenne(Guid AntenneId, string Name, IReadOnlyList<Guid> ExpertIds);
