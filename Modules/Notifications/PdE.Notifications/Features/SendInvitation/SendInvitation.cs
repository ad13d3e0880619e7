using System.Globalization;
using Dapper;
using Mediator;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Notifications.Data;
using PdE.Notifications.Delivery;
using PdE.Notifications.Features.DeliverEmail;
using PdE.Shared.Outbox;

namespace PdE.Notifications.Features.SendInvitation;

/// <summary>Writes the invitation e-mail (link to choose a password) and queues its delivery.</summary>
internal sealed class SendInvitationHandler(NpgsqlDataSource dataSource, EmailTemplates templates) : INotificationHandler<UserInvited>
{
    public async ValueTask Handle(UserInvited invited, CancellationToken cancellationToken)
    {
        var model = new { invited.FullName, Url = invited.InvitationUrl, ExpiresOn = AccountEmail.ParisDate(invited.ExpiresAt) };
        await AccountEmail.StoreAsync(dataSource, invited.EventId, nameof(SendInvitationHandler), "UserInvited", invited.Email,
            "Votre compte Place des Entreprises : choisissez votre mot de passe",
            templates.Render("UserInvited.html", model), templates.Render("UserInvited.text", model), invited.UserId, cancellationToken);
    }
}

/// <summary>Account e-mails are stored, then delivered through the outbox, like every other e-mail.</summary>
internal static class AccountEmail
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string ParisDate(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris).ToString("dddd d MMMM yyyy 'à' HH'h'mm", French);

    public static async Task StoreAsync(
        NpgsqlDataSource dataSource, Guid eventId, string receiver, string template, string recipient, string subject,
        string htmlBody, string textBody, Guid relatedId, CancellationToken cancellationToken)
    {
        var emailId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(NotificationsSchema.Name, eventId, receiver))
        {
            return;
        }

        await connection.ExecuteAsync("""
            insert into notifications.email (id, template, recipient, subject, html_body, text_body, related_id)
            values (@Id, @Template, @Recipient, @Subject, @HtmlBody, @TextBody, @RelatedId)
            """, new { Id = emailId, Template = template, Recipient = recipient, Subject = subject, HtmlBody = htmlBody, TextBody = textBody, RelatedId = relatedId },
            transaction);
        await transaction.EnqueueAsync(NotificationsSchema.Name, new EmailQueued(Guid.CreateVersion7(), emailId));
        await transaction.CommitAsync(cancellationToken);
    }
}
