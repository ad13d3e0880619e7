using Mediator;

namespace PdE.Matching.Contracts;

/// <summary>
/// Someone wrote on a need's discussion (an expert it was sent to, a manager of one of them, or the team): the other
/// participants must be told. Matching has already chosen who they are and resolved their addresses.
/// </summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="CommentId">The new message.</param>
/// <param name="NeedId">The need it was written on.</param>
/// <param name="AuthorName">Who wrote it, e.g. « Camille Martin ».</param>
/// <param name="AuthorLabel">What they wrote as, in French, e.g. their antenne « CCI Paris Île-de-France », « responsable d’antenne, Bpifrance Paris » or « équipe Place des Entreprises ».</param>
/// <param name="Text">The message as typed (plain text, line breaks kept).</param>
/// <param name="PostedAt">When (UTC).</param>
/// <param name="CompanyName">The company's name; null for a project without a company.</param>
/// <param name="SubjectLabel">The need's subject in words; null when the catalogue has no public label for it.</param>
/// <param name="NeedPath">The need page on the site, e.g. <c>/conseiller/besoins/…</c>, for a link in the e-mail.</param>
/// <param name="Recipients">Who to tell: the other experts the need was sent to and the earlier writers, never the author, each address once.</param>
public sealed record NeedCommentPosted(
    Guid EventId,
    Guid CommentId,
    Guid NeedId,
    string AuthorName,
    string AuthorLabel,
    string Text,
    DateTime PostedAt,
    string? CompanyName,
    string? SubjectLabel,
    string NeedPath,
    IReadOnlyList<NeedCommentRecipient> Recipients) : INotification;

/// <summary>A participant of a need's discussion to e-mail.</summary>
/// <param name="Name">For the greeting: the expert's (a person or a team) or the agent's name.</param>
/// <param name="Email">Where to write.</param>
public sealed record NeedCommentRecipient(string Name, string Email);
