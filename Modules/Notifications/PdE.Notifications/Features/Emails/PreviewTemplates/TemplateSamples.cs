using PdE.Notifications.Features.NotifyCompanyOfAnswer;
using PdE.Notifications.Features.NotifyRequesterOfWaitingNeed;
using PdE.Notifications.Features.RelaunchUnfinishedRequest;
using PdE.Notifications.Features.RemindExpertForTeam;
using PdE.Notifications.Features.RemindExpertOfLastChance;
using PdE.Notifications.Features.SendSatisfactionSurvey;
using PdE.Notifications.Features.SendWeeklyRecap;
using PdE.Notifications.Features.TellRequesterNobodyAnswered;

namespace PdE.Notifications.Features.Emails.PreviewTemplates;

/// <summary>One way a template is written, with made-up data shaped like what its handler gives it.</summary>
internal sealed record TemplateSample(string Template, string Variant, string Subject, object Model);

/// <summary>
/// Every e-mail template with sample data, for the admins' preview (<c>/admin/e-mails/modeles</c>). The templates are
/// rendered strictly (<see cref="Delivery.EmailTemplates"/>): a sample missing a value the template reads fails, in the
/// test that renders them all, before an admin or a recipient sees a blank.
/// </summary>
internal static class TemplateSamples
{
    private const string Site = "https://place-des-entreprises.example.fr";

    public static readonly IReadOnlyList<TemplateSample> All =
    [
        .. new[]
        {
            (CompanyNotice.TakingCare, "prise en charge"), (CompanyNotice.Done, "clôture avec une aide"),
            (CompanyNotice.DoneNoHelp, "clôture sans aide possible"), (CompanyNotice.DoneNotReachable, "entreprise injoignable"),
        }.Select(((string Status, string Label) answer) =>
            new TemplateSample("CompanyNotice", answer.Label, CompanyNotice.Subject(answer.Status), new
            {
                FullName = "Léa Dubois",
                ExpertName = "Camille Martin",
                InstitutionName = "Chambre de commerce et d’industrie (CCI)",
                answer.Status,
                FollowUpUrl = $"{Site}/suivi",
            })),
        .. new[] { 1, 4 }.Select(count => new TemplateSample("ExpertNeedsWaiting", count == 1 ? "un besoin" : "plusieurs besoins",
            SendWeeklyRecapHandler.Subject(count), new
            {
                ExpertName = "Camille Martin",
                WaitingCount = count,
                WaitingPhrase = SendWeeklyRecapHandler.WaitingPhrase(count),
                OldestSince = "23 novembre 2026",
                InboxUrl = $"{Site}/conseiller/besoins",
            })),
        new("FollowUpLinkIssued", "première", "Votre demande à Place des Entreprises a bien été reçue", new
        {
            FullName = "Léa Dubois",
            Url = $"{Site}/suivi/exemple-de-lien",
            SentOn = "lundi 7 décembre 2026 à 10h24",
            IsResend = false,
        }),
        new("FollowUpLinkIssued", "renvoi", "Le suivi de votre demande à Place des Entreprises", new
        {
            FullName = "Léa Dubois",
            Url = $"{Site}/suivi/exemple-de-lien",
            SentOn = "lundi 7 décembre 2026 à 10h24",
            IsResend = true,
        }),
        new("MatchCreated", "", "Nouvelle demande : Boulangerie Dubois, recruter un ou plusieurs salariés", new
        {
            ExpertName = "Camille Martin",
            InstitutionName = "Chambre de commerce et d’industrie (CCI)",
            Description = "Bonjour,\nnous cherchons à recruter deux apprentis boulangers pour la rentrée.\nMerci de votre aide.",
            CompanyName = "Boulangerie Dubois",
            SubjectLabel = "Recruter un ou plusieurs salariés",
            Place = "Paris 11e Arrondissement (75011)",
            SiretDisplay = "732 829 320 00074",
            RequestedOn = "7 décembre 2026",
            ReceivedOn = "lundi 7 décembre 2026 à 11h02",
            NeedUrl = $"{Site}/conseiller/besoins/exemple",
        }),
        new("MatchLastChance", "", RemindExpertOfLastChanceHandler.Subject("Boulangerie Dubois"), new
        {
            ExpertName = "Camille Martin",
            CompanyName = "Boulangerie Dubois",
            SubjectLabel = "Recruter un ou plusieurs salariés",
            SentOn = "16 novembre 2026",
            NeedUrl = $"{Site}/conseiller/besoins/exemple",
        }),
        new("MatchReminder", "", RemindExpertForTeamHandler.Subject("Boulangerie Dubois"), new
        {
            ExpertName = "Camille Martin",
            CompanyName = "Boulangerie Dubois",
            SubjectLabel = "Recruter un ou plusieurs salariés",
            SentOn = "25 novembre 2026",
            WaitingDays = 11,
            NeedUrl = $"{Site}/conseiller/besoins/exemple",
            TeamMemberName = "Marie Lefèvre",
        }),
        new("NeedCommentPosted", "", "Nouveau message de Camille Martin sur le besoin de Boulangerie Dubois", new
        {
            RecipientName = "Hugo Bernard",
            AuthorName = "Camille Martin",
            AuthorLabel = "Camille Martin, Chambre de commerce et d’industrie (CCI)",
            Text = "J’ai appelé l’entreprise ce matin : elle attend surtout une aide au recrutement d’apprentis.",
            CompanyName = "Boulangerie Dubois",
            SubjectLabel = "Recruter un ou plusieurs salariés",
            PostedOn = "lundi 7 décembre 2026 à 14h30",
            NeedUrl = $"{Site}/conseiller/besoins/exemple",
        }),
        new("NeedStillWaiting", "", NotifyRequesterOfWaitingNeedHandler.Subject, new
        {
            FullName = "Léa Dubois",
            SentOn = "7 décembre 2026",
            ExpertsPhrase = NotifyRequesterOfWaitingNeedHandler.ExpertsPhrase(2),
            FollowUpUrl = $"{Site}/suivi",
        }),
        new("NeedUnanswered", "", TellRequesterNobodyAnsweredHandler.Subject, new
        {
            FullName = "Léa Dubois",
            SentOn = "23 octobre 2026",
            NewRequestUrl = $"{Site}/",
        }),
        new("PasswordResetRequested", "", "Place des Entreprises : choisir un nouveau mot de passe", new
        {
            FullName = "Camille Martin",
            Url = $"{Site}/compte/mot-de-passe/exemple",
            ExpiresOn = "mardi 8 décembre 2026 à 10h24",
        }),
        .. new[] { (false, "le lendemain"), (true, "le surlendemain, la dernière") }.Select(((bool Last, string Label) relaunch) =>
            new TemplateSample("RequestUnfinished", relaunch.Label, RelaunchUnfinishedRequestHandler.Subject, new
            {
                FullName = "Léa Dubois",
                StartedOn = "5 décembre 2026",
                ResumeUrl = $"{Site}/ma-demande/exemple-de-lien",
                IsLast = relaunch.Last,
            })),
        new("SatisfactionSurvey", "", SendSatisfactionSurveyHandler.Subject, new
        {
            FullName = "Léa Dubois",
            About = SendSatisfactionSurveyHandler.About("Recruter un ou plusieurs salariés", "Boulangerie Dubois"),
            HelpedBy = "Camille Martin (CCI Paris Île-de-France)",
            ClosedOn = "27 novembre 2026",
            SurveyUrl = $"{Site}/satisfaction/exemple-de-lien",
            YesUrl = $"{Site}/satisfaction/exemple-de-lien?contacte=oui",
            NoUrl = $"{Site}/satisfaction/exemple-de-lien?contacte=non",
        }),
        new("SolicitationCanceled", "", "Votre demande à Place des Entreprises : Demande hors de notre champ", new
        {
            FullName = "Léa Dubois",
            ReplyTitle = "Demande hors de notre champ",
            Paragraphs = new[]
            {
                "Votre demande porte sur un litige entre particuliers : les conseillers de Place des Entreprises ne peuvent pas vous aider sur ce point.",
                "Un conciliateur de justice peut vous accompagner gratuitement.",
            },
        }),
        new("UserInvited", "", "Votre compte Place des Entreprises : choisissez votre mot de passe", new
        {
            FullName = "Camille Martin",
            Url = $"{Site}/compte/invitation/exemple",
            ExpiresOn = "lundi 14 décembre 2026 à 10h24",
        }),
    ];

    /// <summary>The samples of one template, in the order above; empty for an unknown name.</summary>
    public static IReadOnlyList<TemplateSample> Of(string template) => All.Where(s => s.Template == template).ToList();
}
