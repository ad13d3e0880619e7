using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.SendWeeklyRecap;

/// <summary>Monday's recap to an expert with needs waiting: how many, since when, and the link to the inbox.</summary>
internal sealed class SendWeeklyRecapHandler(EmailQueue emails, IOptions<SiteOptions> site) : INotificationHandler<ExpertNeedsWaiting>
{
    public async ValueTask Handle(ExpertNeedsWaiting waiting, CancellationToken cancellationToken) =>
        await emails.QueueAsync(waiting.EventId, nameof(SendWeeklyRecapHandler),
            new OutgoingEmail("ExpertNeedsWaiting", waiting.ExpertEmail, Subject(waiting.WaitingCount), waiting.ExpertId),
            new
            {
                waiting.ExpertName,
                waiting.WaitingCount,
                WaitingPhrase = WaitingPhrase(waiting.WaitingCount),
                OldestSince = French.Date(waiting.OldestSentAt),
                InboxUrl = site.Value.Url(waiting.InboxPath),
            },
            cancellationToken);

    public static string Subject(int count) => $"Vos demandes en attente : {French.Count(count, "besoin attend", "besoins attendent")} votre réponse";

    public static string WaitingPhrase(int count) => French.Count(count, "besoin attend", "besoins attendent");
}
