using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Matching.Matches;
using PdE.Shared.Outbox;
using PdE.Shared.Text;

namespace PdE.Matching.Features.ChangeMatchStatus;

/// <summary>What an expert does with a match, from the need page.</summary>
internal enum MatchAnswer
{
    /// <summary>"Je prends en charge": quo → taking_care.</summary>
    Take,

    /// <summary>"Ce n'est pas pour moi": quo → not_for_me.</summary>
    Decline,

    /// <summary>Closed, help offered: taking_care → done.</summary>
    CloseWithHelp,

    /// <summary>Closed, no help available: taking_care → done_no_help.</summary>
    CloseWithoutHelp,

    /// <summary>Closed, the company could not be reached: taking_care → done_not_reachable.</summary>
    CloseUnreachable,

    /// <summary>Back one step: a take back to the inbox, a closure back to "en cours", a refusal back to the inbox.</summary>
    Undo,
}

/// <param name="NeedId">The need whose page the answer comes from: a match of another need is not found.</param>
/// <param name="Comment">
/// What the expert adds, optional (the need page asks for it when closing): kept in the match's history, at most
/// <see cref="ChangeMatchStatusHandler.MaxCommentLength"/> characters.
/// </param>
internal sealed record ChangeMatchStatusCommand(Guid NeedId, Guid MatchId, MatchAnswer Answer, AgentViewer Viewer, string? Comment = null)
    : ICommand<ChangeMatchStatusResult>;

/// <summary>
/// "Ce n'est pas pour moi" for several needs at once, ticked in the inbox, with one reason kept on each match's history:
/// all of them or none.
/// </summary>
/// <param name="MatchIds">The agent's matches of the ticked needs.</param>
internal sealed record DeclineMatchesCommand(IReadOnlyList<Guid> MatchIds, string? Reason, AgentViewer Viewer) : ICommand<ChangeMatchStatusResult>;

/// <summary>
/// The team sets a match's status by hand, from the routing page, whatever it was (as the original's admins could): an
/// expert who answered by phone, a mistake to mend. Recorded in the history under the team member's name.
/// </summary>
internal sealed record SetMatchStatusCommand(Guid NeedId, Guid MatchId, string? Status, AgentViewer Viewer) : ICommand<ChangeMatchStatusResult>;

/// <summary>What the answer did, or why it was refused (then nothing changed), in French.</summary>
internal sealed record ChangeMatchStatusResult(bool Succeeded, string Message);

/// <summary>
/// Applies one answer of an expert to their match: checks the viewer answers for that expert and that the transition is
/// allowed from the current status (row locked, so two colleagues of a team cannot both take it), records it in the
/// match's history, recomputes the need's status and queues <see cref="MatchStatusChanged"/>, all in one transaction.
/// A refusal of several needs is the same transition for each, in one transaction refused as a whole when one of them
/// cannot take it. A draft (a match not sent yet) cannot be answered: it is not found.
/// </summary>
internal sealed class ChangeMatchStatusHandler(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<ChangeMatchStatusHandler> logger)
    : ICommandHandler<ChangeMatchStatusCommand, ChangeMatchStatusResult>, ICommandHandler<DeclineMatchesCommand, ChangeMatchStatusResult>,
      ICommandHandler<SetMatchStatusCommand, ChangeMatchStatusResult>
{
    public const int MaxReasonLength = 500;

    /// <summary>The longest comment an expert may give with an answer on the need page (e.g. how they closed it).</summary>
    public const int MaxCommentLength = 1000;

    private const string Matches = """
        select m.id as Id, m.need_id as NeedId, n.solicitation_id as SolicitationId, m.expert_id as ExpertId, m.expert_name as ExpertName,
               m.antenne_id as AntenneId, m.antenne_name as AntenneName, m.institution_id as InstitutionId, m.institution_name as InstitutionName,
               m.status as Status
        from matching.match m join matching.need n on n.id = m.need_id
        """;

    private const string Lock = $"""
        {Matches}
        where m.id = @MatchId and m.need_id = @NeedId and m.sent_at is not null
        for update of m, n
        """;

    // Locked in a fixed order, so two refusals of overlapping needs wait for each other instead of deadlocking.
    private const string LockMany = $"""
        {Matches}
        where m.id = any(@MatchIds) and m.sent_at is not null
        order by m.id
        for update of m, n
        """;

    private const string Update = """
        update matching.match
        set status = @To, status_changed_at = @Now,
            taken_care_of_at = case when @To = 'quo' then null
                                    when @To in ('taking_care', 'done', 'done_no_help', 'done_not_reachable') then coalesce(taken_care_of_at, @Now)
                                    else taken_care_of_at end,
            closed_at = case when @To in ('quo', 'taking_care') then null else coalesce(closed_at, @Now) end
        where id = @MatchId
        returning taken_care_of_at as TakenCareOfAt, closed_at as ClosedAt
        """;

    private const string Record = """
        insert into matching.match_history (id, match_id, need_id, from_status, to_status, actor_user_id, actor_name, occurred_at, comment)
        values (@Id, @MatchId, @NeedId, @From, @To, @UserId, @Actor, @Now, @Comment)
        """;

    // Drafts are not the need's answers yet.
    private const string RecomputeNeed = """
        select status from matching.match where need_id = @NeedId and sent_at is not null;
        """;

    private const string SetNeedStatus = "update matching.need set status = @Status where id = @NeedId";

    public async ValueTask<ChangeMatchStatusResult> Handle(ChangeMatchStatusCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var match = await connection.QuerySingleOrDefaultAsync<LockedMatch>(
            new CommandDefinition(Lock, new { command.MatchId, command.NeedId }, transaction, cancellationToken: cancellationToken));
        if (match is null)
        {
            logger.LogWarning("Answer {Answer} by user {UserId} refused: match {MatchId} does not exist", command.Answer, command.Viewer.UserId, command.MatchId);
            return new(false, "Cette mise en relation n’existe pas : rechargez la page.");
        }

        if (!command.Viewer.MayAnswerFor(match.ExpertId))
        {
            logger.LogWarning("Answer {Answer} by user {UserId} refused: match {MatchId} belongs to expert {ExpertId}, not one of theirs",
                command.Answer, command.Viewer.UserId, match.Id, match.ExpertId);
            return new(false, "Vous ne pouvez répondre que pour vous-même, pour les équipes dont vous êtes membre ou pour les antennes dont vous êtes responsable.");
        }

        var to = Target(command.Answer, match.Status);
        if (to is null)
        {
            logger.LogInformation("Answer {Answer} by user {UserId} refused: match {MatchId} is {Status}", command.Answer, command.Viewer.UserId, match.Id, match.Status);
            return new(false, Refusal(command.Answer, match.Status));
        }

        var comment = command.Comment?.ReplaceLineEndings("\n").Trim() is { Length: > 0 } typed ? typed : null;
        if (comment is { Length: > MaxCommentLength })
        {
            return new(false, $"Le commentaire compte {French.Number(comment.Length)} caractères : raccourcissez-le à {French.Number(MaxCommentLength)} caractères au plus. Rien n’a changé.");
        }

        await TransitionAsync(connection, transaction, match, to, command.Viewer, comment, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Match {MatchId} of need {NeedId}: {From} → {To} by user {UserId}", match.Id, match.NeedId, match.Status, to, command.Viewer.UserId);
        return new(true, Done(command.Answer, to));
    }

    public async ValueTask<ChangeMatchStatusResult> Handle(DeclineMatchesCommand command, CancellationToken cancellationToken)
    {
        var ids = command.MatchIds.Distinct().ToArray();
        if (ids.Length == 0)
        {
            return new(false, "Cochez au moins un besoin à refuser.");
        }

        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return new(false, "Indiquez en quelques mots pourquoi ces besoins ne sont pas pour vous : rien n’a été refusé.");
        }

        if (reason.Length > MaxReasonLength)
        {
            return new(false, $"Le motif ne doit pas dépasser {MaxReasonLength} caractères : rien n’a été refusé.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var matches = (await connection.QueryAsync<LockedMatch>(
            new CommandDefinition(LockMany, new { MatchIds = ids }, transaction, cancellationToken: cancellationToken))).AsList();
        if (matches.Count != ids.Length)
        {
            logger.LogWarning("Refusal of {Count} matches by user {UserId} refused: {Missing} do not exist",
                ids.Length, command.Viewer.UserId, ids.Except(matches.Select(m => m.Id)));
            return new(false, "Un des besoins cochés n’existe plus : rechargez la page. Rien n’a été refusé.");
        }

        if (matches.Where(m => !command.Viewer.MayAnswerFor(m.ExpertId)).ToList() is { Count: > 0 } others)
        {
            logger.LogWarning("Refusal of {Count} matches by user {UserId} refused: {Others} belong to other experts",
                ids.Length, command.Viewer.UserId, others.Select(m => m.Id));
            return new(false, "Vous ne pouvez refuser que les besoins adressés à vous-même, aux équipes dont vous êtes membre ou aux antennes dont vous êtes responsable. Rien n’a été refusé.");
        }

        if (matches.Count(m => m.Status != MatchStatus.Quo) is var answered and > 0)
        {
            logger.LogInformation("Refusal of {Count} matches by user {UserId} refused: {Answered} already answered", ids.Length, command.Viewer.UserId, answered);
            return new(false, answered == 1 && matches.Count == 1
                ? "Ce besoin n’est plus en attente de réponse : il a déjà été pris en charge, clôturé ou refusé. Rien n’a été refusé."
                : answered == 1
                    ? "L’un des besoins cochés n’est plus en attente de réponse (déjà pris en charge, clôturé ou refusé) : rien n’a été refusé. Rechargez la page et recommencez."
                    : $"{answered} des besoins cochés ne sont plus en attente de réponse (déjà pris en charge, clôturés ou refusés) : rien n’a été refusé. Rechargez la page et recommencez.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var match in matches)
        {
            await TransitionAsync(connection, transaction, match, MatchStatus.NotForMe, command.Viewer, reason, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Matches {MatchIds}: quo → not_for_me by user {UserId}", matches.Select(m => m.Id), command.Viewer.UserId);
        var needs = matches.Select(m => m.NeedId).Distinct().Count();
        return new(true, needs == 1 ? "1 besoin refusé." : $"{needs} besoins refusés.");
    }

    public async ValueTask<ChangeMatchStatusResult> Handle(SetMatchStatusCommand command, CancellationToken cancellationToken)
    {
        if (!command.Viewer.IsAdmin)
        {
            logger.LogWarning("Status set by user {UserId} refused: not an admin", command.Viewer.UserId);
            return new(false, "Seule l’équipe peut changer le statut d’une mise en relation.");
        }

        if (command.Status is not { } to || !MatchStatus.All.Contains(to))
        {
            return new(false, "Choisissez le nouveau statut dans la liste.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var match = await connection.QuerySingleOrDefaultAsync<LockedMatch>(
            new CommandDefinition(Lock, new { command.MatchId, command.NeedId }, transaction, cancellationToken: cancellationToken));
        if (match is null)
        {
            return new(false, "Cette mise en relation n’existe pas ou n’a pas encore été envoyée : rechargez la page.");
        }

        if (match.Status == to)
        {
            return new(false, $"Le statut de {match.ExpertName} est déjà « {MatchStatus.Label(to).ToLowerInvariant()} ».");
        }

        await TransitionAsync(connection, transaction, match, to, command.Viewer, comment: null, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Match {MatchId} of need {NeedId}: {From} → {To} set by admin {UserId}", match.Id, match.NeedId, match.Status, to, command.Viewer.UserId);
        return new(true, $"Statut de {match.ExpertName} : « {MatchStatus.Label(to).ToLowerInvariant()} ».");
    }

    /// <summary>Moves a locked match to <paramref name="to"/>: its row, its history, its need's status and the event, in the caller's transaction.</summary>
    private static async Task TransitionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, LockedMatch match, string to, AgentViewer viewer, string? comment, DateTime now,
        CancellationToken cancellationToken)
    {
        var times = await connection.QuerySingleAsync<(DateTime? TakenCareOfAt, DateTime? ClosedAt)>(
            new CommandDefinition(Update, new { MatchId = match.Id, To = to, Now = now }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(Record, new
        {
            Id = Guid.CreateVersion7(), MatchId = match.Id, match.NeedId, From = match.Status, To = to,
            viewer.UserId, Actor = viewer.Name, Now = now, Comment = comment,
        }, transaction, cancellationToken: cancellationToken));
        var statuses = (await connection.QueryAsync<string>(
            new CommandDefinition(RecomputeNeed, new { match.NeedId }, transaction, cancellationToken: cancellationToken))).AsList();
        var needStatus = MatchStatus.NeedStatusOf(statuses);
        await connection.ExecuteAsync(new CommandDefinition(SetNeedStatus, new { match.NeedId, Status = needStatus }, transaction, cancellationToken: cancellationToken));
        await transaction.EnqueueAsync(MatchingSchema.Name, new MatchStatusChanged(
            Guid.CreateVersion7(), match.Id, match.NeedId, match.SolicitationId, match.ExpertId, match.ExpertName, match.AntenneId,
            match.AntenneName, match.InstitutionId, match.InstitutionName, match.Status, to, needStatus, times.TakenCareOfAt, times.ClosedAt, now));
    }

    /// <summary>The status an answer leads to from <paramref name="from"/>; null when the transition is not allowed.</summary>
    public static string? Target(MatchAnswer answer, string from) => (answer, from) switch
    {
        (MatchAnswer.Take, MatchStatus.Quo) => MatchStatus.TakingCare,
        (MatchAnswer.Decline, MatchStatus.Quo) => MatchStatus.NotForMe,
        (MatchAnswer.CloseWithHelp, MatchStatus.TakingCare) => MatchStatus.Done,
        (MatchAnswer.CloseWithoutHelp, MatchStatus.TakingCare) => MatchStatus.DoneNoHelp,
        (MatchAnswer.CloseUnreachable, MatchStatus.TakingCare) => MatchStatus.DoneNotReachable,
        (MatchAnswer.Undo, MatchStatus.TakingCare or MatchStatus.NotForMe) => MatchStatus.Quo,
        // The expert's undo of a closure reopens it as "en cours" (the admin transition table would go back to the inbox).
        (MatchAnswer.Undo, MatchStatus.Done or MatchStatus.DoneNoHelp or MatchStatus.DoneNotReachable) => MatchStatus.TakingCare,
        _ => null,
    };

    private static string Refusal(MatchAnswer answer, string from)
    {
        var what = answer switch
        {
            MatchAnswer.Take => "de prendre en charge ce besoin",
            MatchAnswer.Decline => "de refuser ce besoin",
            MatchAnswer.Undo => "d’annuler",
            _ => "de clôturer ce besoin",
        };
        var hint = (answer, from) switch
        {
            (MatchAnswer.CloseWithHelp or MatchAnswer.CloseWithoutHelp or MatchAnswer.CloseUnreachable, MatchStatus.Quo) => " Prenez-le d’abord en charge.",
            (MatchAnswer.Undo, MatchStatus.Quo) => " Il n’y a rien à annuler.",
            _ => "",
        };
        return $"Impossible {what} : son statut est « {MatchStatus.Label(from).ToLowerInvariant()} ».{hint}";
    }

    private static string Done(MatchAnswer answer, string to) => answer switch
    {
        MatchAnswer.Take => "Vous avez pris ce besoin en charge : à vous d’appeler l’entreprise.",
        MatchAnswer.Decline => "Vous avez refusé ce besoin.",
        MatchAnswer.CloseWithHelp => "Besoin clôturé : aide proposée.",
        MatchAnswer.CloseWithoutHelp => "Besoin clôturé : pas d’aide disponible.",
        MatchAnswer.CloseUnreachable => "Besoin clôturé : entreprise injoignable.",
        _ => to == MatchStatus.Quo ? "Annulé : le besoin est de nouveau dans votre boîte de réception." : "Annulé : le besoin est de nouveau en cours.",
    };

    private sealed record LockedMatch(
        Guid Id, Guid NeedId, Guid SolicitationId, Guid ExpertId, string ExpertName, Guid? AntenneId, string AntenneName, Guid? InstitutionId,
        string InstitutionName, string Status);
}
