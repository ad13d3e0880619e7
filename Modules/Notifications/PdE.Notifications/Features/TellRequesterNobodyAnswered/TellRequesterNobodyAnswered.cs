using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.TellRequesterNobodyAnswered;

/// <summary>
/// J+45: no expert could take the need; the requester is told kindly, with what to do next (a new, more precise request;
/// another subject; or a reply to the team). The address is asked from Solicitations at that moment.
/// </summary>
internal sealed class TellRequesterNobodyAnsweredHandler(
    IMediator mediator, EmailQueue emails, IOptions<SiteOptions> site, ILogger<TellRequesterNobodyAnsweredHandler> logger)
    : INotificationHandler<NeedUnanswered>
{
    public const string Subject = "Votre demande à Place des Entreprises : aucun conseiller n’a pu y répondre";

    public async ValueTask Handle(NeedUnanswered unanswered, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetRequesterContact(unanswered.SolicitationId), cancellationToken) is not { } requester)
        {
            logger.LogWarning("Requester of need {NeedId} not told nobody answered: request {SolicitationId} is gone",
                unanswered.NeedId, unanswered.SolicitationId);
            return;
        }

        await emails.QueueAsync(unanswered.EventId, nameof(TellRequesterNobodyAnsweredHandler),
            new OutgoingEmail("NeedUnanswered", requester.Email, Subject, unanswered.NeedId),
            new { requester.FullName, SentOn = French.Date(unanswered.SentAt), NewRequestUrl = site.Value.Url("/") },
            cancellationToken);
    }
}
