using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>Which experts (the person's own, and the teams they belong to) does this login account answer for?</summary>
/// <param name="UserId">The account id carried by the sign-in cookie.</param>
public sealed record GetExpertsOfUser(Guid UserId) : IQuery<IReadOnlyList<ExpertMembership>>;

/// <summary>An expert the account answers for; deleted experts and deleted accounts give none.</summary>
/// <param name="ExpertId">Directory id of the expert (person or team).</param>
/// <param name="FullName">Its name.</param>
/// <param name="IsTeam">A team (several accounts answer for it), rather than the person's own expert.</param>
public sealed record ExpertMembership(Guid ExpertId, string FullName, bool IsTeam);
