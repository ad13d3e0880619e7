using PdE.Matching.Matches;
using PdE.Shared.Text;

namespace PdE.Matching.Features.ShowNeed;

internal enum NeedEventKind
{
    /// <summary>The need was recorded but sent to nobody yet (no expert covers it, or only drafts).</summary>
    Recorded,

    /// <summary>First sending, to every expert sent at that instant.</summary>
    Sent,

    /// <summary>Experts sent the need after the first sending (the team added them).</summary>
    ExpertAdded,
    Taken,
    Declined,
    Closed,
    Undone,

    /// <summary>Any other change of status (not one an expert can make from the need page today).</summary>
    Changed,
    Comment,

    /// <summary>What the team did from its reminders desk: an e-mail, a call, « traité ».</summary>
    Reminder,

    /// <summary>The satisfaction survey: sent, answered, shared with the experts.</summary>
    Satisfaction,
}

/// <summary>One line of the need's timeline, in French.</summary>
/// <param name="Summary">What happened, e.g. « Camille Martin (CCI Paris) a pris en charge le besoin. ».</param>
/// <param name="Quote">What someone wrote with it (a message, a refusal's reason, a closing comment), shown as typed.</param>
/// <param name="Status">The match status it led to, for a badge; null for sendings and messages.</param>
internal sealed record NeedEvent(DateTime OccurredAt, NeedEventKind Kind, string Summary, string? Quote = null, string? Status = null);

/// <summary>An action of the team's reminders desk on the need (<c>matching.reminder_action</c>).</summary>
internal sealed record NeedReminder(DateTime OccurredAt, string Basket, string Action, string? Note, string ActorName);

/// <summary>A message of the need's discussion.</summary>
/// <param name="AuthorLabel">What they wrote as: their antenne, « responsable d’antenne, … », « équipe Place des Entreprises ».</param>
internal sealed record NeedComment(Guid CommentId, DateTime PostedAt, string AuthorName, string AuthorLabel, string Body);

/// <summary>
/// Every event of a need in one list, oldest first: its sendings (the first one, then experts added later), each answer
/// of its experts (taken, declined with the reason, closed with the comment, undone) and the discussion's messages.
/// Events of the same instant keep that order.
/// </summary>
internal static class NeedTimeline
{
    public static IReadOnlyList<NeedEvent> Build(
        DateTime needCreatedAt, IReadOnlyList<NeedMatch> matches, IReadOnlyList<NeedHistoryEntry> history, IReadOnlyList<NeedComment> comments,
        IReadOnlyList<NeedReminder>? reminders = null, NeedSatisfaction? satisfaction = null)
    {
        var events = new List<NeedEvent>();
        var sendings = matches.Where(m => m.SentAt is not null).GroupBy(m => m.SentAt!.Value).OrderBy(g => g.Key).ToList();
        if (sendings.Count == 0)
        {
            events.Add(new(needCreatedAt, NeedEventKind.Recorded, "Besoin enregistré : il n’a encore été transmis à aucun conseiller."));
        }

        foreach (var (sending, index) in sendings.Select((g, i) => (g, i)))
        {
            var experts = string.Join(", ", sending.Select(m => $"{m.ExpertName} ({m.AntenneName})"));
            var count = sending.Count();
            events.Add(index == 0
                ? new(sending.Key, NeedEventKind.Sent, $"Besoin transmis à {French.Count(count, "conseiller", "conseillers")} : {experts}.")
                : new(sending.Key, NeedEventKind.ExpertAdded, $"Conseiller{(count > 1 ? "s" : "")} ajouté{(count > 1 ? "s" : "")} : {experts}."));
        }

        events.AddRange(history.Select(Answer));
        events.AddRange(comments.Select(c => new NeedEvent(c.PostedAt, NeedEventKind.Comment, $"{c.AuthorName} ({c.AuthorLabel}) a écrit :", c.Body)));
        events.AddRange((reminders ?? []).Select(r => new NeedEvent(r.OccurredAt, NeedEventKind.Reminder, r.Action switch
        {
            "email" => $"{r.ActorName} (équipe) a relancé par e-mail les conseillers qui n’ont pas répondu.",
            "call" => $"{r.ActorName} (équipe) a noté un appel :",
            _ => $"{r.ActorName} (équipe) a marqué le besoin traité dans les relances.",
        }, r.Note)));
        if (satisfaction is not null)
        {
            events.Add(new(satisfaction.SentAt, NeedEventKind.Satisfaction, "Questionnaire de satisfaction envoyé au demandeur."));
            if (satisfaction.AnsweredAt is { } answeredAt)
            {
                events.Add(new(answeredAt, NeedEventKind.Satisfaction, "Le demandeur a répondu au questionnaire de satisfaction."));
            }

            if (satisfaction.SharedAt is { } sharedAt)
            {
                events.Add(new(sharedAt, NeedEventKind.Satisfaction,
                    $"{satisfaction.SharedByName} (équipe) a partagé l’avis du demandeur avec les conseillers qui ont pris le besoin en charge."));
            }
        }

        // OrderBy is stable: events of the same instant stay sendings, answers, then messages.
        return events.OrderBy(e => e.OccurredAt).ToList();
    }

    private static NeedEvent Answer(NeedHistoryEntry entry)
    {
        // « Camille Martin (CCI Paris) », or « Marc Durand, pour Cellule export (CCI Paris), » when a colleague or a manager answered.
        var who = entry.ActorName == entry.ExpertName
            ? $"{entry.ActorName} ({entry.AntenneName})"
            : $"{entry.ActorName}, pour {entry.ExpertName} ({entry.AntenneName}),";
        var (kind, what) = (entry.FromStatus, entry.ToStatus) switch
        {
            (MatchStatus.Quo, MatchStatus.TakingCare) => (NeedEventKind.Taken, "a pris en charge le besoin"),
            (MatchStatus.Quo, MatchStatus.NotForMe) => (NeedEventKind.Declined, "a refusé le besoin"),
            (MatchStatus.TakingCare, MatchStatus.Done) => (NeedEventKind.Closed, "a clôturé le besoin : aide proposée"),
            (MatchStatus.TakingCare, MatchStatus.DoneNoHelp) => (NeedEventKind.Closed, "a clôturé le besoin : pas d’aide disponible"),
            (MatchStatus.TakingCare, MatchStatus.DoneNotReachable) => (NeedEventKind.Closed, "a clôturé le besoin : entreprise injoignable"),
            (MatchStatus.TakingCare, MatchStatus.Quo) => (NeedEventKind.Undone, "a annulé la prise en charge"),
            (MatchStatus.NotForMe, MatchStatus.Quo) => (NeedEventKind.Undone, "a annulé le refus"),
            (MatchStatus.Done or MatchStatus.DoneNoHelp or MatchStatus.DoneNotReachable, MatchStatus.TakingCare) =>
                (NeedEventKind.Undone, "a rouvert le besoin (clôture annulée)"),
            _ => (NeedEventKind.Changed, $"a changé le statut : « {MatchStatus.Label(entry.FromStatus)} » → « {MatchStatus.Label(entry.ToStatus)} »"),
        };
        return new(entry.OccurredAt, kind, $"{who} {what}.", entry.Comment, entry.ToStatus);
    }
}
