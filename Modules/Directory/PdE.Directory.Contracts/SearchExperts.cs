using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// Any expert of the directory, found by the team to add them to a need by hand: every word of <paramref name="Text"/> is
/// looked for, accent- and case-insensitively, in the expert's name and e-mail, their antenne's and institution's names, and
/// the names (or INSEE codes, or postcodes) of the communes they cover. Whatever the subject: the team may choose anyone.
/// </summary>
/// <param name="Text">What the team typed, e.g. « cma rouen » or « hélène ».</param>
/// <param name="Limit">At most this many experts, by institution, antenne and name.</param>
public sealed record SearchExperts(string Text, int Limit = 20) : IQuery<IReadOnlyList<FoundExpert>>;

/// <summary>An expert found by <see cref="SearchExperts"/>.</summary>
/// <param name="ExpertId">Directory id of the expert (person or team).</param>
/// <param name="FullName">Name shown to the company and the team.</param>
/// <param name="Email">Where the match e-mail goes.</param>
/// <param name="HasAccount">An account answers for the expert; without one they can be e-mailed but cannot answer on the site.</param>
/// <param name="AntenneId">The expert's antenne.</param>
/// <param name="AntenneName">Its name.</param>
/// <param name="InstitutionId">The antenne's institution.</param>
/// <param name="InstitutionName">Its name.</param>
public sealed record FoundExpert(
    Guid ExpertId, string FullName, string Email, bool HasAccount, Guid AntenneId, string AntenneName, Guid InstitutionId, string InstitutionName);

/// <summary>One expert of the directory, as <see cref="SearchExperts"/> finds them; null when deleted or unknown.</summary>
/// <param name="ExpertId">Directory id of the expert.</param>
public sealed record GetExpert(Guid ExpertId) : IQuery<FoundExpert?>;
