namespace PdE.Directory.DemoData;

/// <summary>
/// The demo catalogue and directory of the embedded default: a realistic French set of themes, subjects,
/// institutions and antennes over real départements, so that routing on the demo site makes sense.
/// </summary>
internal static class DemoCatalogue
{
    public sealed record Subject(string Slug, string Label, string Description, bool IsOtherRequest = false, bool IsSupport = false);

    public sealed record Theme(string Slug, string Label, Subject[] Subjects);

    /// <summary>An antenne covers whole départements (codes) or the whole country (national).</summary>
    public sealed record Antenne(string Slug, string Name, string Level, string[] Departements, Expert[] Experts);

    public sealed record Expert(string Slug, string FullName, string Email, string JobTitle, string[] Subjects, bool IsGlobalZone = false, bool IsTeam = false);

    public sealed record Institution(string Slug, string Name, string Category, Antenne[] Antennes);

    public static readonly Theme[] Themes =
    [
        new("recrutement-formation", "Recrutement et formation",
        [
            new("recruter", "Recruter un ou plusieurs salariés", "Trouver des candidats, préparer une embauche, connaître les aides à l’embauche."),
            new("apprentissage", "Recruter un apprenti ou un alternant", "Contrat d’apprentissage ou de professionnalisation, aides de l’État, démarches."),
            new("former-salaries", "Former mes salariés", "Financer et organiser la formation de vos salariés."),
        ]),
        new("financement-tresorerie", "Financement et trésorerie",
        [
            new("financer-projet", "Financer un projet ou un investissement", "Prêts, garanties, subventions et aides à l’innovation."),
            new("tresorerie", "Améliorer ma trésorerie", "Délais de paiement, avances, échelonnement des dettes sociales et fiscales."),
        ]),
        new("developpement-commercial", "Développement commercial et export",
        [
            new("export", "Vendre à l’international", "Prospecter à l’étranger, assurance prospection, accompagnement export."),
            new("marches-publics", "Répondre aux marchés publics", "Trouver les appels d’offres et constituer un dossier."),
        ]),
        new("transition-ecologique", "Transition écologique et énergie",
        [
            new("energie", "Réduire mes consommations d’énergie", "Diagnostic énergie, aides aux travaux d’efficacité énergétique."),
            new("dechets", "Mieux gérer mes déchets", "Réduire, trier et valoriser les déchets de l’entreprise."),
        ]),
        new("difficultes", "Difficultés et prévention",
        [
            new("difficultes-financieres", "Faire face à des difficultés financières", "Anticiper les difficultés, procédures de prévention, médiation."),
            new("dettes-sociales", "Étaler des dettes sociales", "Plan d’échelonnement de cotisations auprès de l’Urssaf."),
        ]),
        new("numerique", "Numérique",
        [
            new("transformation-numerique", "Développer mon activité grâce au numérique", "Site internet, vente en ligne, outils de gestion."),
            new("cybersecurite", "Sécuriser mes données et mon informatique", "Prévenir les cyberattaques et réagir en cas d’incident."),
        ]),
        new("creation-reprise", "Création et reprise",
        [
            new("reprendre", "Reprendre une entreprise", "Trouver une entreprise à reprendre, évaluer, financer la reprise."),
            new("transmettre", "Transmettre mon entreprise", "Préparer la cession ou la transmission de votre entreprise."),
        ]),
        new("droit-reglementation", "Droit et réglementation",
        [
            new("droit-travail", "Appliquer le droit du travail", "Contrats, durée du travail, relations sociales."),
            new("autre-demande", "Autre demande", "Votre besoin n’entre dans aucun sujet : décrivez-le, nous l’orienterons.", IsOtherRequest: true),
            new("support", "Orientation par l’équipe", "Demandes que l’équipe oriente elle-même faute de conseiller identifié.", IsSupport: true),
        ]),
    ];

    public static readonly Institution[] Institutions =
    [
        new("cci", "Chambre de commerce et d’industrie (CCI)", "chambre",
        [
            new("cci-paris-idf", "CCI Paris Île-de-France", "regional", ["75", "92", "93", "94"],
            [
                new("camille-martin", "Camille Martin", "camille.martin@cci-paris-idf.example.fr", "Conseillère entreprises", ["transformation-numerique", "export", "reprendre", "transmettre", "marches-publics"]),
                new("thomas-nguyen", "Thomas Nguyen", "thomas.nguyen@cci-paris-idf.example.fr", "Conseiller développement international", ["export"]),
            ]),
            new("cci-lyon", "CCI Lyon Métropole Saint-Étienne Roanne", "local", ["69", "42"],
            [
                new("sophie-bernard", "Sophie Bernard", "sophie.bernard@lyon-metropole.cci.example.fr", "Conseillère création-reprise", ["reprendre", "transmettre", "transformation-numerique"]),
            ]),
        ]),
        new("cma", "Chambre de métiers et de l’artisanat (CMA)", "chambre",
        [
            new("cma-idf", "CMA Île-de-France", "regional", ["75", "77", "78", "91", "92", "93", "94", "95"],
            [
                new("lucas-petit", "Lucas Petit", "lucas.petit@cma-idf.example.fr", "Conseiller économique", ["apprentissage", "reprendre", "transmettre", "energie", "dechets"]),
            ]),
            new("cma-bretagne", "CMA Bretagne", "regional", ["22", "29", "35", "56"],
            [
                new("nolwenn-le-gall", "Nolwenn Le Gall", "nolwenn.legall@cma-bretagne.example.fr", "Conseillère développement", ["apprentissage", "reprendre", "energie"]),
            ]),
        ]),
        new("urssaf", "Urssaf", "operateur",
        [
            new("urssaf-idf", "Urssaf Île-de-France", "regional", ["75", "77", "78", "91", "92", "93", "94", "95"],
            [
                new("cellule-entreprises-idf", "Cellule entreprises en difficulté Île-de-France", "entreprises-difficulte@urssaf-idf.example.fr", "Équipe", ["dettes-sociales", "tresorerie"], IsTeam: true),
            ]),
        ]),
        new("bpifrance", "Bpifrance", "operateur",
        [
            new("bpifrance-paris", "Bpifrance Paris", "local", ["75"],
            [
                new("julie-moreau", "Julie Moreau", "julie.moreau@bpifrance.example.fr", "Chargée d’affaires", ["financer-projet", "export"]),
            ]),
            new("bpifrance-lyon", "Bpifrance Lyon", "local", ["69", "01", "38", "42"],
            [
                new("antoine-girard", "Antoine Girard", "antoine.girard@bpifrance.example.fr", "Chargé d’affaires", ["financer-projet"]),
            ]),
        ]),
        new("france-travail", "France Travail", "operateur",
        [
            new("france-travail-paris", "France Travail Paris", "local", ["75"],
            [
                new("conseillers-entreprise-paris", "Conseillers entreprise France Travail Paris", "entreprise.paris@francetravail.example.fr", "Équipe", ["recruter", "apprentissage"], IsTeam: true),
            ]),
            new("france-travail-rennes", "France Travail Rennes", "local", ["35"],
            [
                new("yann-kerbrat", "Yann Kerbrat", "yann.kerbrat@francetravail.example.fr", "Conseiller entreprise", ["recruter"]),
            ]),
        ]),
        new("region-idf", "Région Île-de-France", "collectivite",
        [
            new("region-idf-developpement", "Direction du développement économique", "regional", ["75", "77", "78", "91", "92", "93", "94", "95"],
            [
                new("marie-lefebvre", "Marie Lefebvre", "marie.lefebvre@iledefrance.example.fr", "Chargée de mission aides aux entreprises", ["financer-projet", "former-salaries"]),
            ]),
        ]),
        new("dreets", "DREETS", "etat",
        [
            new("dreets-idf", "DREETS Île-de-France", "regional", ["75", "77", "78", "91", "92", "93", "94", "95"],
            [
                new("commissaire-restructuration-idf", "Commissaire aux restructurations et à la prévention des difficultés", "crp.idf@dreets.example.fr", "Commissaire", ["difficultes-financieres"]),
                new("inspection-travail-idf", "Service de renseignement en droit du travail", "renseignement.idf@dreets.example.fr", "Équipe", ["droit-travail"], IsTeam: true),
            ]),
        ]),
        new("opco-ep", "OPCO EP (entreprises de proximité)", "opco",
        [
            new("opco-ep-national", "OPCO EP", "national", [],
            [
                new("conseillers-opco-ep", "Conseillers emploi-formation OPCO EP", "contact@opcoep.example.fr", "Équipe", ["former-salaries", "apprentissage"], IsGlobalZone: true, IsTeam: true),
            ]),
        ]),
        new("ademe", "ADEME", "operateur",
        [
            new("ademe-national", "ADEME", "national", [],
            [
                new("conseillers-ademe", "Conseillers entreprises ADEME", "entreprises@ademe.example.fr", "Équipe", ["energie", "dechets"], IsGlobalZone: true, IsTeam: true),
            ]),
        ]),
        new("equipe-pde", "Équipe Place des Entreprises", "etat",
        [
            new("equipe-pde-national", "Équipe nationale", "national", [],
            [
                new("equipe-orientation", "Équipe d’orientation Place des Entreprises", "equipe@place-des-entreprises.example.fr", "Équipe", ["autre-demande", "support"], IsGlobalZone: true, IsTeam: true),
            ]),
        ]),
    ];

    /// <summary>A custom territory (employment area): a named list of INSEE commune codes, in a region when given.</summary>
    public sealed record Territory(string Slug, string Name, string? RegionCode, string[] Communes);

    public static readonly Territory[] Territories =
    [
        new("bassin-roubaix-tourcoing", "Bassin d’emploi de Roubaix-Tourcoing", "32",
            ["59090", "59098", "59152", "59163", "59279", "59299", "59332", "59339", "59352", "59367",
             "59421", "59426", "59508", "59512", "59522", "59598", "59599", "59646", "59650", "59656"]),
        new("vallee-de-l-arve", "Bassin d’emploi de la vallée de l’Arve", "84",
            ["74024", "74042", "74081", "74159", "74164", "74169", "74208", "74250", "74256", "74264", "74278", "74312"]),
        new("bassin-vitre", "Bassin d’emploi de Vitré", "53",
            ["35006", "35014", "35015", "35068", "35097", "35105", "35109", "35125", "35161", "35347", "35360"]),
    ];

    /// <summary>A login account; the password is public on purpose: demo seeding only, never a real database.</summary>
    public sealed record Account(string Slug, string FullName, string Email, string Password, string AntenneSlug, bool IsAdmin, string? ExpertSlug);

    public static readonly Account Admin = new(
        "admin", "Administrateur de démonstration", "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026", "equipe-pde-national", IsAdmin: true, ExpertSlug: null);

    public static readonly Account Advisor = new(
        "camille-martin", "Camille Martin", "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026", "cci-paris-idf", IsAdmin: false, ExpertSlug: "camille-martin");

    public static readonly Account[] Accounts = [Admin, Advisor];
}
