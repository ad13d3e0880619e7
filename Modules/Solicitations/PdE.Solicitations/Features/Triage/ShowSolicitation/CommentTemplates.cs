namespace PdE.Solicitations.Features.Triage.ShowSolicitation;

/// <summary>A comment the team writes often, to insert and complete rather than type again.</summary>
internal sealed record CommentTemplate(string Key, string Title, string Text);

/// <summary>The team's pre-written comments (French), offered on the request's page.</summary>
internal static class CommentTemplates
{
    public static readonly IReadOnlyList<CommentTemplate> All =
    [
        new("appel", "Appel au demandeur", "Appel au demandeur : besoin confirmé. Précisions obtenues : "),
        new("repondeur", "Message sur répondeur", "Message laissé sur le répondeur du demandeur, en attente de son rappel."),
        new("precisions", "Précisions demandées par courriel", "Précisions demandées par courriel sur le besoin et sur l’entreprise ; en attente de réponse."),
        new("doublon", "Doublon vérifié", "Doublon vérifié avec une autre demande de la même entreprise : seule la plus complète est traitée."),
        new("registres", "Entreprise vérifiée (ni RCS ni RM)", "Ni au RCS ni au RM : activité vérifiée (profession libérale, association ou micro-entreprise), la demande peut être traitée."),
        new("intermediaire", "Intermédiaire", "Demande déposée par un intermédiaire pour le compte d’une entreprise : coordonnées et SIRET de l’entreprise demandés."),
        new("hors-reseau", "Orientation hors réseau", "Orientée vers un interlocuteur hors des partenaires du service : "),
    ];

    public static CommentTemplate? Find(string? key) => All.FirstOrDefault(t => t.Key == key);
}
