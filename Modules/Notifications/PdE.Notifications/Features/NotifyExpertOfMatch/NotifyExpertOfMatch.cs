using System.Globalization;
using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Notifications.Data;
using PdE.Notifications.Delivery;
using PdE.Notifications.Features.DeliverEmail;
using PdE.Shared.Outbox;

namespace PdE.Notifications.Features.NotifyExpertOfMatch;

/// <summary>Writes the "new request for you" e-mail to the expert and queues its delivery.</summary>
internal sealed class NotifyExpertOfMatchHandler(NpgsqlDataSource dataSource, EmailTemplates templates)
    : INotificationHandler<MatchCreated>
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private const string InsertEmail = """
        insert into notifications.email (id, template, recipient, subject, html_body, text_body, related_id)
        values (@Id, 'MatchCreated', @Recipient, @Subject, @HtmlBody, @TextBody, @RelatedId)
        """;

    public async ValueTask Handle(MatchCreated match, CancellationToken cancellationToken)
    {
        var model = new
        {
            match.ExpertName,
            match.InstitutionName,
            match.Description,
            SiretDisplay = $"{match.Siret[..3]} {match.Siret[3..6]} {match.Siret[6..9]} {match.Siret[9..]}",
            ReceivedOn = TimeZoneInfo.ConvertTimeFromUtc(match.CreatedAt, Paris).ToString("dddd d MMMM yyyy 'à' HH'h'mm", French),
        };
        var emailId = Guid.CreateVersion7();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await transaction.TryMarkProcessedAsync(NotificationsSchema.Name, match.EventId, nameof(NotifyExpertOfMatchHandler)))
        {
            return;
        }

        await connection.ExecuteAsync(InsertEmail, new
        {
            Id = emailId,
            Recipient = match.ExpertEmail,
            Subject = "Une entreprise a besoin de vous : nouvelle demande à traiter",
            HtmlBody = templates.Render("MatchCreated.html", model),
            TextBody = templates.Render("MatchCreated.text", model),
            RelatedId = match.MatchId,
        }, transaction);
        await transaction.EnqueueAsync(NotificationsSchema.Name, new EmailQueued(Guid.CreateVersion7(), emailId));
        await transaction.CommitAsync(cancellationToken);
    }
}
