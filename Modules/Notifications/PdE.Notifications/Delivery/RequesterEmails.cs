using Mediator;
using Microsoft.Extensions.Logging;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Delivery;

/// <summary>
/// An e-mail to the person who made a request, about one of its needs. The address is asked from Solicitations when the
/// e-mail is written, never copied: a request gone by then (purged, deleted) gets no e-mail, and the operators read why.
/// </summary>
internal sealed class RequesterEmails(IMediator mediator, EmailQueue emails, ILogger<RequesterEmails> logger)
{
    /// <param name="model">The template's model, from the requester's contact (their name, typically).</param>
    public async Task QueueAsync(
        Guid eventId, string receiver, Guid solicitationId, Guid needId, string template, string subject, Func<RequesterContact, object> model,
        CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetRequesterContact(solicitationId), cancellationToken) is not { } requester)
        {
            logger.LogWarning("{Template} e-mail about need {NeedId} not written: request {SolicitationId} is gone", template, needId, solicitationId);
            return;
        }

        await emails.QueueAsync(eventId, receiver, new OutgoingEmail(template, requester.Email, subject, needId), model(requester), cancellationToken);
    }
}
