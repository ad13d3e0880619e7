using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.NotifyRequesterOfWaitingNeed;

/// <summary>
/// Nine days without an expert taking the need in charge: the requester hears that the request is still followed and that
/// there is nothing to do.
/// </summary>
internal sealed class NotifyRequesterOfWaitingNeedHandler(RequesterEmails emails, IOptions<SiteOptions> site)
    : INotificationHandler<NeedStillWaiting>
{
    public const string Subject = "Votre demande à Place des Entreprises est toujours suivie";

    public async ValueTask Handle(NeedStillWaiting waiting, CancellationToken cancellationToken) =>
        await emails.QueueAsync(waiting.EventId, nameof(NotifyRequesterOfWaitingNeedHandler), waiting.SolicitationId, waiting.NeedId,
            "NeedStillWaiting", Subject,
            requester => new
            {
                requester.FullName,
                SentOn = French.Date(waiting.SentAt),
                ExpertsPhrase = ExpertsPhrase(waiting.ExpertCount),
                FollowUpUrl = site.Value.Url("/suivi"),
            },
            cancellationToken);

    public static string ExpertsPhrase(int count) => count <= 1 ? "un conseiller" : $"{count} conseillers";
}
