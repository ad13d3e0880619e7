namespace PdE.Directory.DemoData;

/// <summary>
/// What the public request form shows for the demo subjects of <see cref="DemoCatalogue"/> (migration 0007):
/// guidance and pre-filled prompt for the description step, yes/no questions, and the subjects that ask for a commune
/// and an amount instead of a company. Kept apart from <see cref="DemoCatalogue"/> so that file stays the directory's.
/// </summary>
internal static class DemoPublicCatalogue
{
    public sealed record SubjectForm(string Guidance, string Prompt, bool AsksCommune = false, bool AsksAmount = false, Question[]? Questions = null);

    public sealed record Question(string Slug, string Label);

    /// <summary>An institution taking a subject's needs only on one answer to one of its questions.</summary>
    public sealed record AnswerRule(string Subject, string Question, string Institution, bool RequiredAnswer);

    /// <summary>
    /// The Région's grants are asked before a project starts, as real regional schemes require: a project already under way
    /// is not sent to it (and routing says so).
    /// </summary>
    public static readonly IReadOnlyList<AnswerRule> AnswerRules = [new("financer-projet", "projet-demarre", "region-idf", RequiredAnswer: false)];

    public static readonly IReadOnlyDictionary<string, SubjectForm> Forms = new Dictionary<string, SubjectForm>
    {
        ["recruter"] = new(
            "Précisez le poste, le nombre de personnes, le type de contrat envisagé et la date d’embauche souhaitée.",
            "Je souhaite recruter…",
            Questions: [new("premier-salarie", "S’agit-il de votre premier salarié ?")]),
        ["apprentissage"] = new(
            "Indiquez le métier, le diplôme préparé si vous le connaissez et la date de début souhaitée.",
            "Je souhaite accueillir un apprenti pour…"),
        ["former-salaries"] = new(
            "Dites quelles compétences vous voulez développer, pour combien de salariés, et si une formation est déjà identifiée.",
            "Je souhaite former mes salariés à…"),
        ["financer-projet"] = new(
            "Décrivez le projet (investissement, recrutement, innovation…), son calendrier et son montant approximatif.",
            "Mon projet consiste à…",
            Questions:
            [
                new("financement-bancaire", "Avez-vous déjà un financement bancaire ?"),
                new("projet-demarre", "Le projet a-t-il déjà commencé ?"),
            ]),
        ["tresorerie"] = new(
            "Expliquez d’où viennent les tensions de trésorerie, leur montant approximatif et depuis quand.",
            "Ma trésorerie est tendue parce que…",
            Questions: [new("dettes-fiscales-sociales", "Avez-vous des dettes fiscales ou sociales ?")]),
        ["export"] = new(
            "Indiquez vos produits ou services, les pays visés et si vous vendez déjà à l’étranger.",
            "Je souhaite vendre à l’international…",
            Questions: [new("deja-export", "Vendez-vous déjà à l’étranger ?")]),
        ["energie"] = new(
            "Décrivez vos locaux et équipements, vos dépenses d’énergie et les travaux envisagés.",
            "Je souhaite réduire mes consommations d’énergie…"),
        ["difficultes-financieres"] = new(
            "Décrivez la situation en toute confidentialité : chiffre d’affaires, dettes, échéances à venir.",
            "Mon entreprise rencontre des difficultés…",
            Questions: [new("procedure-en-cours", "Une procédure collective est-elle en cours ?")]),
        ["reprendre"] = new(
            "Décrivez votre projet de reprise : secteur, territoire, budget et apport personnel, calendrier.",
            "Je souhaite reprendre une entreprise…",
            AsksCommune: true, AsksAmount: true,
            Questions: [new("entreprise-identifiee", "Avez-vous déjà identifié une entreprise à reprendre ?")]),
        ["autre-demande"] = new(
            "Décrivez votre situation et ce que vous attendez d’un conseiller : nous orienterons votre demande.",
            "Bonjour, je souhaite être accompagné pour…"),
    };
}
