using Mediator;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.RelaunchUnfinishedRequest;

/// <summary>The next day and the day after, the author of a request left unfinished gets a private link back to the form.</summary>
internal sealed class RelaunchUnfinishedRequestHandler(EmailQueue emails) : INotificationHandler<UnfinishedRequestRelaunched>
{
    public const string Subject = "Votre demande à Place des Entreprises n’est pas encore envoyée";

    public async ValueTask Handle(UnfinishedRequestRelaunched relaunched, CancellationToken cancellationToken) =>
        await emails.QueueAsync(relaunched.EventId, nameof(RelaunchUnfinishedRequestHandler),
            new OutgoingEmail("RequestUnfinished", relaunched.Email, Subject, relaunched.SolicitationId),
            new
            {
                relaunched.FullName,
                StartedOn = French.Date(relaunched.StartedAt),
                relaunched.ResumeUrl,
                IsLast = relaunched.Attempt >= 2,
            },
            cancellationToken);
}
