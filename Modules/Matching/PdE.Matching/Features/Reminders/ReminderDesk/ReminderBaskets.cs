namespace PdE.Matching.Features.Reminders.ReminderDesk;

/// <summary>
/// A basket of the reminders desk. A need is in a need basket while one of its experts has not answered a match sent
/// between <see cref="FromDays"/> and <see cref="ToDays"/> days ago, nobody has taken it in charge, and the team has not
/// marked it « traité » in that basket. « Sans réponse » stops at 90 days: older needs are history, not work.
/// </summary>
internal sealed record ReminderBasket(string Slug, string Label, string Description, int FromDays, int ToDays)
{
    public bool IsExperts => Slug == ReminderBaskets.Experts.Slug;
}

internal static class ReminderBaskets
{
    public static readonly ReminderBasket ToRemind = new("a-relancer", "À relancer",
        "Besoins transmis depuis 9 à 21 jours qu’aucun conseiller n’a pris en charge.", 9, 21);

    public static readonly ReminderBasket LastChance = new("derniere-chance", "Dernière chance",
        "Besoins transmis depuis 21 à 45 jours, toujours sans prise en charge : les conseillers ont reçu leur dernier rappel.", 21, 45);

    public static readonly ReminderBasket Unanswered = new("sans-reponse", "Sans réponse",
        "Besoins transmis depuis 45 à 90 jours sans prise en charge : ils ont expiré chez les conseillers et l’entreprise a été prévenue.", 45, 90);

    /// <summary>Experts with at least <see cref="ExpertsFrom"/> needs waiting for more than 9 days (not expired).</summary>
    public static readonly ReminderBasket Experts = new("conseillers", "Conseillers",
        "Conseillers ayant au moins 3 besoins en attente de leur réponse depuis plus de 9 jours.", 9, 45);

    public const int ExpertsFrom = 3;

    /// <summary>How long « traité » keeps an expert out of the experts' basket.</summary>
    public static readonly TimeSpan ExpertProcessedFor = TimeSpan.FromDays(7);

    public static readonly IReadOnlyList<ReminderBasket> All = [ToRemind, LastChance, Unanswered, Experts];

    public static ReminderBasket Of(string? slug) => All.FirstOrDefault(b => b.Slug == slug) ?? ToRemind;
}
