using Mediator;
using PdE.Directory.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;

namespace PdE.Notifications.Features.SendInvitation;

/// <summary>Writes the invitation e-mail (link to choose a password) and queues its delivery.</summary>
internal sealed class SendInvitationHandler(EmailQueue emails) : INotificationHandler<UserInvited>
{
    public async ValueTask Handle(UserInvited invited, CancellationToken cancellationToken) =>
        await emails.QueueAsync(invited.EventId, nameof(SendInvitationHandler),
            new OutgoingEmail("UserInvited", invited.Email, "Votre compte Place des Entreprises : choisissez votre mot de passe", invited.UserId),
            new { invited.FullName, Url = invited.InvitationUrl, ExpiresOn = French.LongDateAndTime(invited.ExpiresAt) },
            cancellationToken);
}
