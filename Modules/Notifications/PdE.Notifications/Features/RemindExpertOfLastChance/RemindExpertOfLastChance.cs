using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.RemindExpertOfLastChance;

/// <summary>J+21: the last reminder to an expert who has not answered a need nobody took, with the link to answer it.</summary>
internal sealed class RemindExpertOfLastChanceHandler(EmailQueue emails, IOptions<SiteOptions> site) : INotificationHandler<MatchLastChance>
{
    public async ValueTask Handle(MatchLastChance match, CancellationToken cancellationToken) =>
        await emails.QueueAsync(match.EventId, nameof(RemindExpertOfLastChanceHandler),
            new OutgoingEmail("MatchLastChance", match.ExpertEmail, Subject(match.CompanyName), match.MatchId),
            new
            {
                match.ExpertName,
                CompanyName = match.CompanyName ?? "",
                SubjectLabel = match.SubjectLabel ?? "",
                SentOn = French.Date(match.SentAt),
                NeedUrl = site.Value.Url(match.NeedPath),
            },
            cancellationToken);

    public static string Subject(string? companyName) => companyName is null
        ? "Dernier rappel : une entreprise attend votre réponse depuis trois semaines"
        : $"Dernier rappel : {companyName} attend votre réponse depuis trois semaines";
}
