using Mediator;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;

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
                SiretDisplay = $"{match.Siret[..3]} {match.Siret[3..6]} {match.Siret[6..9]} {match.Siret[9..]}",
                ReceivedOn = FrenchDates.InParis(match.CreatedAt),
            },
            cancellationToken);
}
