using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PdE.Matching.Contracts;
using PdE.Notifications.Delivery;
using PdE.Shared.Text;
using PdE.Shared.Web;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Features.SendSatisfactionSurvey;

/// <summary>
/// Ten days after the need was closed with help, its requester is asked how it went: the e-mail's « Oui » and « Non »
/// open the survey with the first question ticked (opening a link records nothing). The address is asked from
/// Solicitations at that moment; a request gone by then gets no e-mail.
/// </summary>
internal sealed class SendSatisfactionSurveyHandler(
    IMediator mediator, EmailQueue emails, IOptions<SiteOptions> site, ILogger<SendSatisfactionSurveyHandler> logger)
    : INotificationHandler<SatisfactionSurveyDue>
{
    public const string Subject = "Votre avis sur l’aide reçue grâce à Place des Entreprises";

    public async ValueTask Handle(SatisfactionSurveyDue due, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetRequesterContact(due.SolicitationId), cancellationToken) is not { } requester)
        {
            logger.LogWarning("Requester of need {NeedId} not surveyed: request {SolicitationId} is gone", due.NeedId, due.SolicitationId);
            return;
        }

        var surveyUrl = site.Value.Url(due.SurveyPath);
        await emails.QueueAsync(due.EventId, nameof(SendSatisfactionSurveyHandler),
            new OutgoingEmail("SatisfactionSurvey", requester.Email, Subject, due.NeedId),
            new
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
