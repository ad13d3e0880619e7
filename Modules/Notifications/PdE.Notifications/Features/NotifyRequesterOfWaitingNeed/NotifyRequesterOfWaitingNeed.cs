using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.NotifyRequesterOfWaitingNeed;

/// <summary>
/// Nine days without an expert taking the need in charge: the requester hears that the request is still followed and that
/// there is nothing to do. The address is asked from Solicitations at that moment; a request gone by then gets no e-mail.
/// </summary>
internal sealed class NotifyRequesterOfWaitingNeedHandler(
    IMediator mediator, EmailQueue emails, IOptions<SiteOptions> site, ILogger<NotifyRequesterOfWaitingNeedHandler> logger)
    : INotificationHandler<NeedStillWaiting>
{
    public const string Subject = "Votre demande à Place des Entreprises est toujours suivie";

    public async ValueTask Handle(NeedStillWaiting waiting, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetRequesterContact(waiting.SolicitationId), cancellationToken) is not { } requester)
        {
            logger.LogWarning("Requester of need {NeedId} not told it still waits: request {SolicitationId} is gone", waiting.NeedId, waiting.SolicitationId);
            return;
        }

        await emails.QueueAsync(waiting.EventId, nameof(NotifyRequesterOfWaitingNeedHandler),
            new OutgoingEmail("NeedStillWaiting", requester.Email, Subject, waiting.NeedId),
            new
            {
                requester.FullName,
                SentOn = French.Date(waiting.SentAt),
                ExpertsPhrase = ExpertsPhrase(waiting.ExpertCount),
                FollowUpUrl = site.Value.Url("/suivi"),
            },
            cancellationToken);
    }

    public static string ExpertsPhrase(int count) => count <= 1 ? "un conseiller" : $"{count} conseillers";
}
