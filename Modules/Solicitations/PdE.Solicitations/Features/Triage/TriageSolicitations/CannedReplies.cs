namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>A reply the team sends when it drops a request: why, and where to go instead.</summary>
/// <param name="Key">Stable key, stored on the request and used as its tag.</param>
/// <param name="Title">Short reason, shown in the list and the e-mail subject.</param>
/// <param name="Text">The e-mail's body, paragraphs separated by blank lines.</param>
internal sealed record CannedReply(string Key, string Title, string Text);

/// <summary>The canned French replies of the triage desk (a cancellation always tells the requester why).</summary>
internal static class CannedReplies
{
    public static readonly IReadOnlyList<CannedReply> All =
    [
        new("hors-champ", "Demande hors du champ du service",
            """
            Place des Entreprises met les entreprises en relation avec les conseillers publics qui accompagnent leurs projets et leurs difficultés. Votre demande ne relève pas de ce champ, et aucun de nos partenaires ne pourrait y répondre utilement.

            Pour une question de particulier, vous pouvez consulter service-public.fr ou vous adresser à un espace France services près de chez vous.
            """),
        new("hors-de-france", "Entreprise hors de France",
            """
            Les conseillers de nos partenaires accompagnent les entreprises établies en France. L’établissement que vous nous avez indiqué se trouve à l’étranger : nous ne pouvons pas transmettre votre demande.

            Si votre entreprise possède un établissement en France, vous pouvez déposer une nouvelle demande en l’indiquant.
            """),
        new("doublon", "Demande en doublon",
            """
            Nous avons déjà reçu une demande de votre part sur le même sujet : elle est en cours de traitement et un conseiller vous contactera à son sujet.

            Nous ne donnons donc pas suite à cette nouvelle demande, pour éviter que plusieurs conseillers vous appellent pour le même besoin.
            """),
        new("precisions", "Besoin de précisions",
            """
            Votre description ne nous permet pas encore de savoir quel conseiller pourrait vous aider : nous avons besoin de mieux comprendre votre situation.

            Vous pouvez déposer une nouvelle demande en précisant votre activité, ce que vous souhaitez faire et les difficultés que vous rencontrez. Quelques phrases suffisent.
            """),
        new("creation", "Création d’entreprise",
            """
            Place des Entreprises accompagne les entreprises déjà créées. Pour un projet de création, les réseaux d’aide à la création (chambres de commerce et d’industrie, chambres de métiers et de l’artisanat, France Travail) sont les mieux placés pour vous aider.

            Vous trouverez leurs coordonnées sur le site entreprendre.service-public.fr.
            """),
        new("intermediaire", "Demande d’un intermédiaire",
            """
            Les conseillers de nos partenaires échangent directement avec les dirigeants d’entreprise. Votre demande semble déposée pour le compte d’une autre entreprise, par un cabinet de conseil, un expert-comptable ou une association.

            Nous vous invitons à proposer au dirigeant concerné de déposer lui-même sa demande.
            """),
        new("particulier", "Demande d’un particulier",
            """
            Place des Entreprises s’adresse aux dirigeants d’entreprise. Votre demande concerne une situation personnelle : les conseillers de nos partenaires ne peuvent pas y répondre.

            Le site service-public.fr répond à la plupart des questions des particuliers, et un espace France services près de chez vous peut vous accompagner dans vos démarches.
            """),
        new("emploi", "Recherche d’emploi ou candidature",
            """
            Votre message ressemble à une candidature ou à une recherche d’emploi. Place des Entreprises met en relation les entreprises avec des conseillers publics : nous ne transmettons pas de candidatures.

            France Travail (francetravail.fr) recense les offres d’emploi et peut vous accompagner dans votre recherche.
            """),
        new("prospection", "Démarchage commercial",
            """
            Votre message propose un produit ou un service. Place des Entreprises est un service public gratuit d’orientation des entreprises vers les conseillers publics : il ne relaie pas d’offres commerciales.

            Nous ne donnons donc pas suite à votre message.
            """),
        new("litige", "Litige ou conseil juridique",
            """
            Votre demande porte sur un litige ou appelle un conseil juridique personnalisé, que les conseillers de nos partenaires ne peuvent pas donner.

            Pour un différend avec un client, un fournisseur ou une administration, le Médiateur des entreprises (economie.gouv.fr/mediateur-des-entreprises) intervient gratuitement et en toute confidentialité. Un avocat ou votre expert-comptable peut aussi vous conseiller.
            """),
        new("aide-financiere", "Recherche d’une aide financière seule",
            """
            Place des Entreprises ne verse pas d’aides et ne finance pas directement les entreprises. Les conseillers de nos partenaires accompagnent un projet ou une difficulté précise, et peuvent alors vous orienter vers les financements adaptés.

            Le site aides-entreprises.fr recense les aides publiques selon votre activité et votre territoire. Si vous avez un projet précis (embauche, investissement, export…), vous pouvez déposer une nouvelle demande en le décrivant.
            """),
        new("procedure-collective", "Entreprise en procédure collective",
            """
            Votre entreprise fait l’objet d’une procédure collective (sauvegarde, redressement ou liquidation judiciaire) : c’est l’administrateur ou le mandataire judiciaire désigné par le tribunal qui vous accompagne désormais.

            Pour être écouté et orienté gratuitement, vous pouvez aussi contacter le Centre d’information sur la prévention des difficultés des entreprises (CIP) de votre département.
            """),
        new("etablissement-ferme", "Établissement fermé",
            """
            D’après le répertoire des entreprises (Sirene), l’établissement que vous nous avez indiqué est fermé : nous ne pouvons pas transmettre votre demande à un conseiller.

            Si votre entreprise est toujours en activité à une autre adresse, vous pouvez déposer une nouvelle demande avec le numéro SIRET de l’établissement en activité.
            """),
        new("coordonnees", "Coordonnées incomplètes",
            """
            Les coordonnées indiquées dans votre demande ne permettent pas à un conseiller de vous joindre (numéro de téléphone incomplet ou erroné).

            Vous pouvez déposer une nouvelle demande en vérifiant votre numéro de téléphone : un conseiller pourra alors vous rappeler.
            """),
    ];

    public static CannedReply? Find(string? key) => All.FirstOrDefault(r => r.Key == key);
}
