using Mediator;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;

namespace PdE.Notifications.Features.SendSatisfactionSurvey;

/// <summary>
/// Ten days after the need was closed with help, its requester is asked how it went: the e-mail's « Oui » and « Non »
/// open the survey with the first question ticked (opening a link records nothing).
/// </summary>
internal sealed class SendSatisfactionSurveyHandler(RequesterEmails emails, IOptions<SiteOptions> site)
    : INotificationHandler<SatisfactionSurveyDue>
{
    public const string Subject = "Votre avis sur l’aide reçue grâce à Place des Entreprises";

    public async ValueTask Handle(SatisfactionSurveyDue due, CancellationToken cancellationToken)
    {
        var surveyUrl = site.Value.Url(due.SurveyPath);
        await emails.QueueAsync(due.EventId, nameof(SendSatisfactionSurveyHandler), due.SolicitationId, due.NeedId, "SatisfactionSurvey", Subject,
            requester => new
            {
                requester.FullName,
                About = About(due.SubjectLabel, due.CompanyName),
                due.HelpedBy,
                ClosedOn = French.Date(due.ClosedAt),
                SurveyUrl = surveyUrl,
                YesUrl = $"{surveyUrl}?contacte=oui",
                NoUrl = $"{surveyUrl}?contacte=non",
            },
            cancellationToken);
    }

    /// <summary>« votre demande « Recruter un salarié » pour Boulangerie Dubois », as far as it is known.</summary>
    public static string About(string? subjectLabel, string? companyName) =>
        "votre demande" + (subjectLabel is null ? "" : $" « {subjectLabel} »") + (companyName is null ? "" : $" pour {companyName}");
}
