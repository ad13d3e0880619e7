namespace PdE.Notifications.Features.Emails;

/// <summary>The French words for what <c>notifications.email</c> stores, shared by the admin's e-mail pages.</summary>
internal static class EmailLabels
{
    public static readonly IReadOnlyList<(string Status, string Label)> Statuses =
    [
        ("pending", "En attente d’envoi"), ("sent", "Envoyé"), ("failed", "En échec"),
    ];

    public static readonly IReadOnlyDictionary<string, string> Templates = new Dictionary<string, string>
    {
        ["CompanyNotice"] = "Réponse d’un conseiller, à l’entreprise",
        ["ExpertNeedsWaiting"] = "Récapitulatif du lundi, au conseiller",
        ["FollowUpLinkIssued"] = "Lien de suivi d’une demande",
        ["MatchCreated"] = "Nouveau besoin, au conseiller",
        ["MatchLastChance"] = "Dernier rappel (J+21), au conseiller",
        ["MatchReminder"] = "Relance de l’équipe, au conseiller",
        ["NeedCommentPosted"] = "Message dans la discussion d’un besoin",
        ["NeedStillWaiting"] = "Demande toujours suivie (J+9), à l’entreprise",
        ["NeedUnanswered"] = "Aucun conseiller n’a pu répondre (J+45), à l’entreprise",
        ["PasswordResetRequested"] = "Nouveau mot de passe",
        ["RequestUnfinished"] = "Demande commencée mais pas envoyée (J+1, J+2), au demandeur",
        ["SatisfactionSurvey"] = "Questionnaire de satisfaction (J+10 après clôture), à l’entreprise",
        ["SolicitationCanceled"] = "Réponse de l’équipe à une demande",
        ["UserInvited"] = "Invitation d’un agent",
    };

    public static string Status(string status) => Statuses.FirstOrDefault(s => s.Status == status).Label ?? status;

    public static string StatusBadge(string status) => status switch
    {
        "sent" => "fr-badge--success",
        "failed" => "fr-badge--error",
        _ => "fr-badge--info",
    };

    public static string Template(string template) => Templates.GetValueOrDefault(template, template);
}
