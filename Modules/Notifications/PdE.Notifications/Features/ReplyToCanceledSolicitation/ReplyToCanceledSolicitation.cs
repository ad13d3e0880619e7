using Mediator;
using PdE.Notifications.Delivery;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.ReplyToCanceledSolicitation;

/// <summary>Writes the team's canned reply to a requester whose request was dropped, and queues its delivery.</summary>
internal sealed class ReplyToCanceledSolicitationHandler(EmailQueue emails) : INotificationHandler<SolicitationCanceled>
{
    public async ValueTask Handle(SolicitationCanceled canceled, CancellationToken cancellationToken) =>
        await emails.QueueAsync(canceled.EventId, nameof(ReplyToCanceledSolicitationHandler),
            new OutgoingEmail("SolicitationCanceled", canceled.Email, $"Votre demande à Place des Entreprises : {canceled.ReplyTitle}", canceled.SolicitationId),
            new
            {
                canceled.FullName,
                canceled.ReplyTitle,
                Paragraphs = canceled.ReplyText.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            },
            cancellationToken);
}
