using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.TellRequesterNobodyAnswered;

/// <summary>
/// J+45: no expert could take the need; the requester is told kindly, with what to do next (a new, more precise request;
/// another subject; or a reply to the team).
/// </summary>
internal sealed class TellRequesterNobodyAnsweredHandler(RequesterEmails emails, IOptions<SiteOptions> site)
    : INotificationHandler<NeedUnanswered>
{
    public const string Subject = "Votre demande à Place des Entreprises : aucun conseiller n’a pu y répondre";

    public async ValueTask Handle(NeedUnanswered unanswered, CancellationToken cancellationToken) =>
        await emails.QueueAsync(unanswered.EventId, nameof(TellRequesterNobodyAnsweredHandler), unanswered.SolicitationId, unanswered.NeedId,
            "NeedUnanswered", Subject,
            requester => new { requester.FullName, SentOn = French.Date(unanswered.SentAt), NewRequestUrl = site.Value.Url("/") },
            cancellationToken);
}
