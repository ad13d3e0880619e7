namespace PdE.Solicitations.DemoData;

/// <summary>
/// Sent requests for the embedded default's triage desk (<c>Demo:Requests</c>): every tab and every warning flag has an
/// example. Times are relative to the first start; SIRETs are the offline demo companies'.
/// </summary>
internal static class DemoRequests
{
    public const string Team = "Administrateur de démonstration";

    /// <param name="Key">Stable name: the row's id derives from it (a second seed changes nothing).</param>
    /// <param name="Age">How long before the seed it was sent.</param>
    public sealed record Request(
        string Key, TimeSpan Age, string Status, string FullName, string Email, string Phone, string? Siret, string SubjectSlug,
        string Description, string? CommuneCode = null, string? LandingSlug = null, string? CancelReply = null, string? BlockedReason = null,
        bool RegistryPending = false, string[]? Tags = null, Event[]? Timeline = null);

    /// <param name="After">How long after the request was sent.</param>
    public sealed record Event(TimeSpan After, string Action, string? Detail);

    public static readonly Request[] All =
    [
        // Possible duplicate: the same bakery sent the same request twice, two days apart.
        new("boulangerie-four-1", TimeSpan.FromDays(2).Add(TimeSpan.FromHours(3)), "received", "Jeanne Martin", "jeanne@boulangerie-martin.fr",
            "0612345678", "73282932000074", "financer-projet",
            "Notre four à sole a 25 ans et consomme beaucoup trop. Nous voudrions le remplacer par un four électrique plus économe (environ 45 000 €) et savoir quelles aides ou quels prêts existent.",
            LandingSlug: "relance"),
        new("boulangerie-four-2", TimeSpan.FromHours(5), "received", "Jeanne Martin", "jeanne@boulangerie-martin.fr",
            "0612345678", "73282932000074", "financer-projet",
            "Je renvoie ma demande car je n’ai pas eu de nouvelles : nous cherchons un financement pour remplacer notre four à pain.",
            Timeline: [new(TimeSpan.FromHours(2), "comment", "Deuxième envoi de la même demande : vérifier avec Mme Martin avant de valider l’une des deux.")]),

        // Sent to advisors weeks ago and still waiting for an answer: the reminders desk's three baskets (J+9, J+21, J+45)
        // and its advisors with several needs waiting. The seeder replays their validation at that date, through routing.
        new("agence-site-internet", TimeSpan.FromDays(12), "validated", "Inès Garnier", "ines.garnier@agence-lumiere.example.fr",
            "0142785511", "88943217500012", "transformation-numerique",
            "Notre agence veut refaire son site et y vendre des formations en ligne. Nous cherchons un accompagnement sur le choix des outils et sur la sécurité des paiements.",
            Timeline: [new(TimeSpan.FromHours(4), "validated", null)]),
        new("agence-recrutement", TimeSpan.FromDays(10), "validated", "Inès Garnier", "ines.garnier@agence-lumiere.example.fr",
            "0142785511", "88943217500012", "recruter",
            "Nous voulons recruter un ou une chargée de communication en CDI d’ici deux mois. Quelles aides à l’embauche existent pour une agence de 5 personnes ?",
            Timeline: [new(TimeSpan.FromHours(6), "validated", null)]),
        new("boulangerie-commande-en-ligne", TimeSpan.FromDays(16), "validated", "Jeanne Martin", "jeanne@boulangerie-martin.fr",
            "0612345678", "73282932000074", "transformation-numerique",
            "Nous voudrions que nos clients puissent commander leurs gâteaux en ligne et les retirer en boutique. Quel outil choisir pour une petite boulangerie ?",
            Timeline: [new(TimeSpan.FromHours(3), "validated", null)]),
        new("boulangerie-export", TimeSpan.FromDays(24), "validated", "Jeanne Martin", "jeanne@boulangerie-martin.fr",
            "0612345678", "73282932000074", "export",
            "Un importateur belge nous propose de distribuer nos viennoiseries surgelées. Comment sécuriser ce premier contrat à l’export ?",
            Timeline: [new(TimeSpan.FromDays(1), "validated", null)]),
        new("agence-marches-publics", TimeSpan.FromDays(51), "validated", "Inès Garnier", "ines.garnier@agence-lumiere.example.fr",
            "0142785511", "88943217500012", "marches-publics",
            "Nous aimerions répondre aux appels d’offres de communication des collectivités d’Île-de-France, mais nous ne savons pas par où commencer.",
            Timeline: [new(TimeSpan.FromDays(1), "validated", null)]),

        // Same company recently: the haulier asked about energy (sent to advisors), then about hiring.
        new("transports-energie", TimeSpan.FromDays(12), "validated", "Marc Lefebvre", "marc.lefebvre@transports-lefebvre.fr",
            "0320456789", "39861247300023", "energie",
            "Nous voulons réduire la consommation de gazole de nos 18 camions et étudier le passage au bioGNV pour une partie de la flotte.",
            Timeline:
            [
                new(TimeSpan.FromHours(20), "comment", "Flotte de 18 poids lourds : projet sérieux, à transmettre aux conseillers énergie."),
                new(TimeSpan.FromHours(21), "validated", null),
            ]),
        new("transports-recrutement", TimeSpan.FromDays(3), "received", "Marc Lefebvre", "marc.lefebvre@transports-lefebvre.fr",
            "0320456789", "39861247300023", "recruter",
            "Nous devons recruter trois conducteurs poids lourd d’ici l’été et nous avons du mal à trouver des candidats avec le permis C.",
            Tags: ["transport"]),

        // Previously abandoned: the garage asked for a private matter once, and now asks for an apprentice.
        new("garage-particulier", TimeSpan.FromDays(64), "canceled", "Jean Moreau", "garage.moreau@orange.example.fr",
            "0473123456", "82674135700014", "autre-demande",
            "Je voudrais savoir comment contester la taxe foncière de ma maison.",
            CancelReply: "hors-champ", Tags: ["hors-champ"],
            Timeline: [new(TimeSpan.FromDays(1), "canceled", "Demande hors du champ du service")]),
        new("garage-apprenti", TimeSpan.FromDays(1), "received", "Jean Moreau", "garage.moreau@orange.example.fr",
            "0473123456", "82674135700014", "apprentissage",
            "Je souhaite prendre un apprenti en mécanique automobile à la rentrée. Quelles sont les démarches et les aides pour un artisan seul ?"),

        // Possible intermediary: an accounting firm writes on behalf of a client.
        new("cabinet-comptable", TimeSpan.FromDays(4), "received", "Sophie Lemarchand", "s.lemarchand@fiduciaire-normandie.example.fr",
            "0231987654", "85063217500012", "tresorerie",
            "Un de nos clients, restaurateur à Caen, a des dettes fiscales et sociales qu’il ne peut plus payer. Pouvez-vous nous indiquer qui peut l’accompagner pour un échelonnement ?",
            Timeline: [new(TimeSpan.FromHours(3), "comment", "Cabinet comptable qui écrit pour un client : demander le SIRET du restaurant.")]),

        // Neither RCS nor RM: a graphic designer, micro-entrepreneur in a liberal profession.
        new("graphiste", TimeSpan.FromHours(26), "received", "Claire Fontaine", "claire@fontaine-graphisme.example.fr",
            "0685471236", "91427368500018", "transformation-numerique",
            "Je suis graphiste indépendante et je voudrais vendre mes affiches et illustrations en ligne. Je ne sais pas quelle plateforme choisir ni comment gérer les paiements."),

        // Registry pending: the registry was down at step 2; the enrichment job fills the company facts on its next run.
        new("brasserie", TimeSpan.FromHours(8), "received", "Lucas Keller", "lucas@brasserie-du-rhin.example.fr",
            "0388554433", "79046318600011", "export",
            "Nous brassons 4 000 hectolitres par an et voudrions vendre nos bières en Allemagne et en Suisse.",
            RegistryPending: true),

        // Set aside: the sender's domain is on the blocklist.
        new("demarchage", TimeSpan.FromDays(6), "blocked", "Kevin Durand", "kevin@seo-boost-express.example.com",
            "0999887766", null, "transformation-numerique",
            "Boostez votre visibilité ! Notre agence propose aux entreprises partenaires de votre plateforme un audit de référencement gratuit.",
            CommuneCode: "75056", BlockedReason: "Démarchage commercial (référencement)"),
    ];
}
