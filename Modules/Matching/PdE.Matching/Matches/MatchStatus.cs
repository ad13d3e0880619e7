namespace PdE.Matching.Matches;

/// <summary>
/// A match's statuses (the original service's names), their French labels, which inbox tab shows them,
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

    /// <summary>Every status, in the order a match usually goes through them.</summary>
    public static readonly string[] All = [Quo, TakingCare, Done, DoneNoHelp, DoneNotReachable, NotForMe];

    /// <summary>What admins read for a match not sent yet (a draft, which its expert does not see).</summary>
    public const string DraftLabel = "Brouillon, non envoyé";

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
        // A need's status only: nobody covered it.
        "no_expert" => "Transmis à aucun conseiller",
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

/// <summary>
/// The expert inbox's tabs, each with its French label, address and sort order. A need shows in a
/// tab when one of the agent's own sent matches is there: waiting and sent less than <see cref="ExpiresAfter"/> ago in the
/// reception, waiting for longer in « Expirés ».
/// </summary>
internal sealed record InboxTab(string Slug, string Label, bool NewestFirst)
{
    /// <summary>A match still waiting this long after it was sent leaves the reception for « Expirés ».</summary>
    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromDays(45);

    public static readonly InboxTab Reception = new("reception", "Boîte de réception", NewestFirst: false);
    public static readonly InboxTab InProgress = new("en-cours", "En cours", NewestFirst: false);
    public static readonly InboxTab Closed = new("clotures", "Clôturés", NewestFirst: true);
    public static readonly InboxTab Declined = new("refuses", "Refusés", NewestFirst: true);
    public static readonly InboxTab Expired = new("expires", "Expirés", NewestFirst: true);

    public static readonly InboxTab[] All = [Reception, InProgress, Closed, Declined, Expired];

    public static InboxTab Of(string? slug) => All.FirstOrDefault(t => t.Slug == slug) ?? Reception;

    /// <summary>The tab of a sent match of status <paramref name="status"/>, sent at <paramref name="sentAt"/>, seen at <paramref name="now"/>.</summary>
    public static InboxTab OfMatch(string status, DateTime sentAt, DateTime now) =>
        status == MatchStatus.Quo ? now - sentAt >= ExpiresAfter ? Expired : Reception : OfAnswer(status);

    /// <summary>The tab of a sent match the expert has answered (any status but waiting): it does not depend on dates.</summary>
    public static InboxTab OfAnswer(string status) => status switch
    {
        MatchStatus.TakingCare => InProgress,
        MatchStatus.NotForMe => Declined,
        _ => Closed,
    };
}
