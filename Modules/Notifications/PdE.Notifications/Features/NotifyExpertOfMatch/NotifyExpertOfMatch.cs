using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.NotifyExpertOfMatch;

/// <summary>
/// Writes the "new request for you" e-mail to the expert and queues its delivery: who the company is, what it asks, where
/// it is, since when, and a link straight to the need page (sign-in first, then back to the need).
/// </summary>
internal sealed class NotifyExpertOfMatchHandler(EmailQueue emails, IOptions<SiteOptions> site) : INotificationHandler<MatchCreated>
{
    public async ValueTask Handle(MatchCreated match, CancellationToken cancellationToken) =>
        await emails.QueueAsync(match.EventId, nameof(NotifyExpertOfMatchHandler),
            new OutgoingEmail("MatchCreated", match.ExpertEmail, Subject(match), match.MatchId),
            new
            {
                match.ExpertName,
                match.InstitutionName,
                match.Description,
                CompanyName = match.CompanyName ?? "",
                SubjectLabel = match.SubjectLabel ?? "",
                Place = match.Place ?? "",
                // No SIRET: a project without a company yet (the subject asked for a commune instead).
                SiretDisplay = match.Siret.Trim() is { Length: 14 } siret
                    ? $"{siret[..3]} {siret[3..6]} {siret[6..9]} {siret[9..]}"
                    : "aucun (projet sans entreprise)",
                RequestedOn = match.RequestedAt is { } requested ? French.Date(requested) : "",
                ReceivedOn = French.LongDateAndTime(match.CreatedAt),
                NeedUrl = match.NeedPath is { } path ? site.Value.Url(path) : "",
            },
            cancellationToken);

    // The subject line says who and what, so an expert can sort their mailbox without opening every message.
    private static string Subject(MatchCreated match) => (match.CompanyName, match.SubjectLabel) switch
    {
        ({ } company, { } subject) => $"Nouvelle demande : {company}, {FirstLower(subject)}",
        ({ } company, null) => $"Nouvelle demande : {company}",
        _ => "Une entreprise a besoin de vous : nouvelle demande à traiter",
    };

    private static string FirstLower(string text) => text.Length == 0 ? text : char.ToLower(text[0], French.Culture) + text[1..];
}
