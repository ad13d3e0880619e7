using Mediator;
using PdE.Directory.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;

namespace PdE.Notifications.Features.SendPasswordReset;

/// <summary>Writes the password reset e-mail (one-hour link) and queues its delivery.</summary>
internal sealed class SendPasswordResetHandler(EmailQueue emails) : INotificationHandler<PasswordResetRequested>
{
    public async ValueTask Handle(PasswordResetRequested requested, CancellationToken cancellationToken) =>
        await emails.QueueAsync(requested.EventId, nameof(SendPasswordResetHandler),
            new OutgoingEmail("PasswordResetRequested", requested.Email, "Place des Entreprises : choisir un nouveau mot de passe", requested.UserId),
            new { requested.FullName, Url = requested.ResetUrl, ExpiresOn = French.LongDateAndTime(requested.ExpiresAt) },
            cancellationToken);
}
