namespace PdE.Matching.Matches;

/// <summary>
/// A match's statuses (the original's names, pde-features.md §3.3), their French labels, which inbox tab shows them,
/// and the need status they add up to.
/// </summary>
internal static class MatchStatus
{
    public const string Quo = "quo";
    public const string TakingCare = "taking_care";
    public const string Done = "done";
    public const string DoneNoHelp = "done_no_help";
    public const string DoneNotReachable = "done_not_reachable";
    public const string NotForMe = "not_for_me";

    public static readonly string[] Closed = [Done, DoneNoHelp, DoneNotReachable];

    // A single match closed with help makes the need "done" even while colleagues still have it in their inbox.
    private static readonly string[] NeedPriority = [Done, DoneNoHelp, DoneNotReachable, TakingCare, Quo];

    public static string Label(string status) => status switch
    {
        Quo => "En attente de réponse",
        TakingCare => "Pris en charge",
        Done => "Clôturé, aide proposée",
        DoneNoHelp => "Clôturé, pas d’aide disponible",
        DoneNotReachable => "Clôturé, entreprise injoignable",
        NotForMe => "Refusé",
        _ => status,
    };

    /// <summary>The DSFR badge variant of a status.</summary>
    public static string Badge(string status) => status switch
    {
        Quo => "fr-badge--new",
        TakingCare => "fr-badge--info",
        Done => "fr-badge--success",
        NotForMe => "fr-badge--error",
        _ => "fr-badge--warning",
    };

    /// <summary>The need's status from all its matches: the first present in priority order, else all declined.</summary>
    public static string NeedStatusOf(IReadOnlyCollection<string> matchStatuses) =>
        matchStatuses.Count == 0 ? "no_expert" : NeedPriority.FirstOrDefault(matchStatuses.Contains) ?? NotForMe;
}

/// <summary>The expert inbox's tabs, each with its statuses, French label, address and sort order.</summary>
internal sealed record InboxTab(string Slug, string Label, string[] Statuses, bool NewestFirst)
{
    public static readonly InboxTab[] All =
    [
        new("reception", "Boîte de réception", [MatchStatus.Quo], NewestFirst: false),
        new("en-cours", "En cours", [MatchStatus.TakingCare], NewestFirst: false),
        new("clotures", "Clôturés", MatchStatus.Closed, NewestFirst: true),
        new("refuses", "Refusés", [MatchStatus.NotForMe], NewestFirst: true),
    ];

    public static InboxTab Of(string? slug) => All.FirstOrDefault(t => t.Slug == slug) ?? All[0];

    public static InboxTab OfStatus(string status) => All.First(t => t.Statuses.Contains(status));
}
