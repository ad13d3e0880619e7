using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Notifications.Delivery;
using PdE.Notifications.Features.SendInvitation;

namespace PdE.Notifications.Features.SendPasswordReset;

/// <summary>Writes the password reset e-mail (one-hour link) and queues its delivery.</summary>
internal sealed class SendPasswordResetHandler(NpgsqlDataSource dataSource, EmailTemplates templates) : INotificationHandler<PasswordResetRequested>
{
    public async ValueTask Handle(PasswordResetRequested requested, CancellationToken cancellationToken)
    {
        var model = new { requested.FullName, Url = requested.ResetUrl, ExpiresOn = AccountEmail.ParisDate(requested.ExpiresAt) };
        await AccountEmail.StoreAsync(dataSource, requested.EventId, nameof(SendPasswordResetHandler), "PasswordResetRequested", requested.Email,
            "Place des Entreprises : choisir un nouveau mot de passe",
            templates.Render("PasswordResetRequested.html", model), templates.Render("PasswordResetRequested.text", model), requested.UserId, cancellationToken);
    }
}
