using Mediator;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;

namespace PdE.Notifications.Features.NotifyExpertOfMatch;

/// <summary>Writes the "new request for you" e-mail to the expert and queues its delivery.</summary>
internal sealed class NotifyExpertOfMatchHandler(EmailQueue emails) : INotificationHandler<MatchCreated>
{
    public async ValueTask Handle(MatchCreated match, CancellationToken cancellationToken) =>
        await emails.QueueAsync(match.EventId, nameof(NotifyExpertOfMatchHandler),
            new OutgoingEmail("MatchCreated", match.ExpertEmail, "Une entreprise a besoin de vous : nouvelle demande à traiter", match.MatchId),
            new
            {
                match.ExpertName,
                match.InstitutionName,
                match.Description,
                // No SIRET: a project without a company yet (the subject asked for a commune instead).
                SiretDisplay = match.Siret.Trim() is { Length: 14 } siret
                    ? $"{siret[..3]} {siret[3..6]} {siret[6..9]} {siret[9..]}"
                    : "aucun (projet sans entreprise)",
                ReceivedOn = French.LongDateAndTime(match.CreatedAt),
            },
            cancellationToken);
}
