using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.RemindExpertForTeam;

/// <summary>A reminder the team sent from its reminders desk to an expert who has not answered a need, signed by its member.</summary>
internal sealed class RemindExpertForTeamHandler(EmailQueue emails, IOptions<SiteOptions> site, TimeProvider clock)
    : INotificationHandler<MatchReminderRequested>
{
    public async ValueTask Handle(MatchReminderRequested reminder, CancellationToken cancellationToken) =>
        await emails.QueueAsync(reminder.EventId, nameof(RemindExpertForTeamHandler),
            new OutgoingEmail("MatchReminder", reminder.ExpertEmail, Subject(reminder.CompanyName), reminder.MatchId),
            new
            {
                reminder.ExpertName,
                CompanyName = reminder.CompanyName ?? "",
                SubjectLabel = reminder.SubjectLabel ?? "",
                SentOn = French.Date(reminder.SentAt),
                WaitingDays = Math.Max(1, (int)(clock.GetUtcNow().UtcDateTime - reminder.SentAt).TotalDays),
                NeedUrl = site.Value.Url(reminder.NeedPath),
                reminder.TeamMemberName,
            },
            cancellationToken);

    public static string Subject(string? companyName) => companyName is null
        ? "Relance : une entreprise attend votre réponse"
        : $"Relance : {companyName} attend votre réponse";
}
