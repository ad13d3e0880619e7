using Mediator;

namespace PdE.Solicitations.Contracts;

/// <summary>
/// The team validated a received request on the triage desk: it may now be routed to experts (Matching does so).
/// Emitted once per request, through the outbox, with the subject as the team left it.
/// </summary>
/// <param name="EventId">Unique id of this event, used by receivers to ignore a redelivery.</param>
/// <param name="SolicitationId">The request.</param>
/// <param name="SubjectSlug">The catalogue subject, possibly changed by the team before validating.</param>
/// <param name="Siret">The establishment's SIRET (14 digits); empty when the subject asked for a commune instead.</param>
/// <param name="CommuneCode">INSEE code of the establishment's (or project's) commune; null when unknown.</param>
/// <param name="Company">What the registry said of the company; null without a SIRET.</param>
/// <param name="Description">The requester's own words.</param>
/// <param name="ValidatedAt">When the team validated it (UTC).</param>
/// <param name="SubmittedAt">When the requester sent it (UTC): experts are told how long the company has waited. Null in
/// events queued before it was carried.</param>
/// <param name="Answers">The requester's answers to the subject's yes/no questions, as asked; null in events queued before
/// they were carried.</param>
/// <param name="InRcs">The company is registered at the RCS (registre du commerce et des sociétés); null: unknown. Routing's
/// register rules read it.</param>
/// <param name="InRm">The company is registered at the RM (répertoire des métiers); null: unknown.</param>
/// <param name="SendAtOnce">True: the experts routing proposes are sent the need at once (« Valider et transmettre »).
/// False: the proposal is kept as drafts for the team to review on the routing page (« Valider et orienter »).</param>
/// <param name="AsOf">The instant the need is recorded and sent at (UTC); null, as the desk leaves it: when Matching handles
/// the event. Only the embedded default's demo sets it, to replay requests the team validated days ago (the reminders
/// desk then has late needs to show).</param>
public sealed record SolicitationValidated(
    Guid EventId,
    Guid SolicitationId,
    string SubjectSlug,
    string Siret,
    string? CommuneCode,
    CompanyFacts? Company,
    string Description,
    DateTime ValidatedAt,
    DateTime? SubmittedAt = null,
    IReadOnlyList<SubjectAnswer>? Answers = null,
    bool? InRcs = null,
    bool? InRm = null,
    bool SendAtOnce = true,
    DateTime? AsOf = null) : INotification;

/// <summary>One yes/no question of the subject and what the requester answered.</summary>
/// <param name="Question">The question as it was asked, e.g. « Avez-vous déjà un financement bancaire ? ».</param>
/// <param name="Answer">Yes, no, or null when left unanswered.</param>
/// <param name="Slug">The question's slug in the catalogue (routing matches the catalogue's rules on it); null in answers
/// carried before it was.</param>
public sealed record SubjectAnswer(string Question, bool? Answer, string? Slug = null);

/// <summary>
/// The team dropped a received request (abandonnée) with one of the canned replies: the requester is told why by e-mail.
/// </summary>
/// <param name="EventId">Unique id of this event.</param>
/// <param name="SolicitationId">The request.</param>
/// <param name="Email">The requester's e-mail address.</param>
/// <param name="FullName">The requester's name.</param>
/// <param name="ReplyKey">Which canned reply (stable key, e.g. <c>hors-champ</c>).</param>
/// <param name="ReplyTitle">Its title, used as the e-mail subject line's end.</param>
/// <param name="ReplyText">The reply in plain French, paragraphs separated by blank lines.</param>
/// <param name="CanceledAt">When (UTC).</param>
public sealed record SolicitationCanceled(
    Guid EventId,
    Guid SolicitationId,
    string Email,
    string FullName,
    string ReplyKey,
    string ReplyTitle,
    string ReplyText,
    DateTime CanceledAt) : INotification;
