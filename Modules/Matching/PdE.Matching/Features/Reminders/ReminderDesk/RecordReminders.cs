using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Matching.Matches;
using PdE.Shared.Outbox;
using PdE.Shared.Text;

namespace PdE.Matching.Features.Reminders.ReminderDesk;

internal enum ReminderAction
{
    /// <summary>An e-mail to each silent expert of the needs (or to the experts ticked, their recap).</summary>
    Email,

    /// <summary>A phone call, with what it gave (the note is required).</summary>
    Call,

    /// <summary>Out of the basket: the needs until they reach the next one, the experts for a week.</summary>
    Processed,
}

/// <summary>What the team did from a basket, on the needs or experts ticked there, with who did it.</summary>
internal sealed record RecordRemindersCommand(
    string Basket, ReminderAction Action, IReadOnlyList<Guid> Ids, string? Note, Guid ActorUserId, string ActorName) : ICommand<RecordRemindersResult>;

internal sealed record RecordRemindersResult(bool Succeeded, string Message);

/// <summary>
/// Records the team's action on each ticked need or expert (it shows on the need's timeline and on the row), and for an
/// e-mail writes the events that send it, in the same transaction: to a need's silent experts, one reminder each
/// (<see cref="MatchReminderRequested"/>); to an expert, the recap of their needs waiting (<see cref="ExpertNeedsWaiting"/>).
/// </summary>
internal sealed class RecordRemindersHandler(NpgsqlDataSource dataSource, IMediator mediator, TimeProvider clock)
    : ICommandHandler<RecordRemindersCommand, RecordRemindersResult>
{
    public const int NoteMaxLength = 2000;

    private const string InsertForNeeds = """
        insert into matching.reminder_action (need_id, basket, action, note, actor_user_id, actor_name, occurred_at)
        select n.id, @Basket, @Action, @Note, @ActorUserId, @ActorName, @Now from matching.need n where n.id = any(@Ids)
        """;

    private const string InsertForExperts = """
        insert into matching.reminder_action (expert_id, basket, action, note, actor_user_id, actor_name, occurred_at)
        select e.id, @Basket, @Action, @Note, @ActorUserId, @ActorName, @Now from unnest(@Ids::uuid[]) e(id)
        where exists (select 1 from matching.match m where m.expert_id = e.id)
        """;

    private const string SilentMatches = """
        select m.id as MatchId, m.need_id as NeedId, m.expert_name as ExpertName, m.expert_email as ExpertEmail, n.company_name as CompanyName,
               n.subject_slug as SubjectSlug, m.sent_at as SentAt
        from matching.match m join matching.need n on n.id = m.need_id
        where m.need_id = any(@Ids) and m.status = 'quo' and m.sent_at is not null
        order by m.need_id, m.expert_name
        """;

    private const string ExpertsWaiting = """
        select m.expert_id as ExpertId, max(m.expert_name) as ExpertName, max(m.expert_email) as ExpertEmail, count(*)::int as WaitingCount,
               min(m.sent_at) as OldestSentAt
        from matching.match m
        where m.expert_id = any(@Ids) and m.status = 'quo' and m.sent_at > @ExpiredBefore
        group by m.expert_id
        """;

    public async ValueTask<RecordRemindersResult> Handle(RecordRemindersCommand command, CancellationToken cancellationToken)
    {
        var basket = ReminderBaskets.All.FirstOrDefault(b => b.Slug == command.Basket);
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        var what = basket?.IsExperts == true ? ("conseiller", "conseillers") : ("besoin", "besoins");
        if (basket is null)
        {
            return new(false, "Cette corbeille n’existe pas : rechargez la page des relances.");
        }

        if (command.Ids.Count == 0)
        {
            return new(false, $"Cochez au moins un {what.Item1} avant de choisir une action.");
        }

        if (command.Action == ReminderAction.Call && note is null)
        {
            return new(false, "Indiquez ce que l’appel a donné : la note est obligatoire pour un appel.");
        }

        if (note is { Length: > NoteMaxLength })
        {
            return new(false, $"La note fait {note.Length} caractères : {NoteMaxLength} au plus.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var parameters = new
        {
            Basket = basket.Slug,
            Action = command.Action switch { ReminderAction.Email => "email", ReminderAction.Call => "call", _ => "processed" },
            Note = note,
            command.ActorUserId,
            command.ActorName,
            Now = now,
            Ids = command.Ids.Distinct().ToArray(),
            ExpiredBefore = now.AddDays(-ReminderBaskets.Unanswered.FromDays),
        };
        var labels = command.Action == ReminderAction.Email && !basket.IsExperts ? await SubjectLabels.LoadAsync(mediator, cancellationToken) : null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await connection.ExecuteAsync(new CommandDefinition(
            basket.IsExperts ? InsertForExperts : InsertForNeeds, parameters, transaction, cancellationToken: cancellationToken));
        var emails = 0;
        if (command.Action == ReminderAction.Email && basket.IsExperts)
        {
            foreach (var expert in await connection.QueryAsync<ExpertRow>(new CommandDefinition(ExpertsWaiting, parameters, transaction, cancellationToken: cancellationToken)))
            {
                await transaction.EnqueueAsync(MatchingSchema.Name, new ExpertNeedsWaiting(Guid.CreateVersion7(), expert.ExpertId, expert.ExpertName,
                    expert.ExpertEmail, expert.WaitingCount, expert.OldestSentAt, DateOnly.FromDateTime(French.ToParis(now)), "/conseiller/besoins"));
                emails++;
            }
        }
        else if (command.Action == ReminderAction.Email)
        {
            foreach (var match in await connection.QueryAsync<MatchRow>(new CommandDefinition(SilentMatches, parameters, transaction, cancellationToken: cancellationToken)))
            {
                await transaction.EnqueueAsync(MatchingSchema.Name, new MatchReminderRequested(Guid.CreateVersion7(), match.MatchId, match.NeedId,
                    match.ExpertName, match.ExpertEmail, match.CompanyName, labels!.GetValueOrDefault(match.SubjectSlug), match.SentAt,
                    DueReminders.NeedPath(match.NeedId), command.ActorName));
                emails++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var done = French.Count(recorded, what.Item1, what.Item2);
        return new(true, command.Action switch
        {
            ReminderAction.Email => $"{French.Count(emails, "e-mail de relance envoyé", "e-mails de relance envoyés")} ({done}).",
            ReminderAction.Call => $"Appel noté ({done}).",
            _ => basket.IsExperts ? $"{done} retiré{(recorded > 1 ? "s" : "")} de la corbeille pour une semaine." : $"{done} marqué{(recorded > 1 ? "s" : "")} traité{(recorded > 1 ? "s" : "")}.",
        });
    }

    private sealed record MatchRow(Guid MatchId, Guid NeedId, string ExpertName, string ExpertEmail, string? CompanyName, string SubjectSlug, DateTime SentAt);

    private sealed record ExpertRow(Guid ExpertId, string ExpertName, string ExpertEmail, int WaitingCount, DateTime OldestSentAt);
}
