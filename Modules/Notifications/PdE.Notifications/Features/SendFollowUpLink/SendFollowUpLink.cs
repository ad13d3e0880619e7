using Mediator;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.SendFollowUpLink;

/// <summary>Writes to the requester: the confirmation of a new request, or the follow-up link asked for again.</summary>
internal sealed class SendFollowUpLinkHandler(EmailQueue emails) : INotificationHandler<FollowUpLinkIssued>
{
    public async ValueTask Handle(FollowUpLinkIssued issued, CancellationToken cancellationToken) =>
        await emails.QueueAsync(issued.EventId, nameof(SendFollowUpLinkHandler),
            new OutgoingEmail("FollowUpLinkIssued", issued.Email,
                issued.IsResend ? "Le suivi de votre demande à Place des Entreprises" : "Votre demande à Place des Entreprises a bien été reçue",
                issued.SolicitationId),
            new { issued.FullName, Url = issued.FollowUpUrl, SentOn = French.LongDateAndTime(issued.SubmittedAt), issued.IsResend },
            cancellationToken);
}
