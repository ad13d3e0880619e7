using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Directory.Contracts;
using PdE.Matching.Contracts;
using PdE.Matching.Data;
using PdE.Matching.Matches;
using PdE.Shared.Outbox;
using PdE.Shared.Text;

namespace PdE.Matching.Features.PostNeedComment;

/// <summary>A message on a need's discussion, from its page.</summary>
/// <param name="Text">As typed; blank or longer than <see cref="PostNeedCommentHandler.MaxLength"/> is refused.</param>
internal sealed record PostNeedCommentCommand(Guid NeedId, string? Text, AgentViewer Viewer) : ICommand<PostNeedCommentResult>;

internal enum PostNeedCommentOutcome
{
    Posted,

    /// <summary>The text was refused (blank, too long): nothing was stored, the message says why in French.</summary>
    Refused,

    /// <summary>No such need, or one the agent may not see: the page answers 404, as for a need that does not exist.</summary>
    NotFound,
}

internal sealed record PostNeedCommentResult(PostNeedCommentOutcome Outcome, string Message);

/// <summary>
/// Stores a message on a need's discussion and queues <see cref="NeedCommentPosted"/> for Notifications to e-mail the other
/// participants, in one transaction. Whoever may see the need may write: an agent answering for an expert it was sent to
/// (drafts do not count), a manager of such an expert's antenne, and admins (the team). The participants told are the
/// other experts it was sent to (their own address, a team's shared one) and everyone who wrote before, never the author.
/// </summary>
internal sealed class PostNeedCommentHandler(NpgsqlDataSource dataSource, IMediator mediator, TimeProvider clock, ILogger<PostNeedCommentHandler> logger)
    : ICommandHandler<PostNeedCommentCommand, PostNeedCommentResult>
{
    public const int MaxLength = 5000;

    /// <summary>What an admin writing as such is called beside their name.</summary>
    public const string TeamLabel = "équipe Place des Entreprises";

    private const string Load = """
        select company_name as CompanyName, subject_slug as SubjectSlug from matching.need where id = @NeedId;

        select expert_id as ExpertId, expert_name as ExpertName, expert_email as ExpertEmail, antenne_name as AntenneName
        from matching.match where need_id = @NeedId and sent_at is not null
        order by institution_name collate "fr-x-icu", expert_name collate "fr-x-icu";

        select distinct author_user_id from matching.need_comment where need_id = @NeedId;
        """;

    private const string Insert = """
        insert into matching.need_comment (id, need_id, author_user_id, author_name, author_role, author_label, body, created_at)
        values (@Id, @NeedId, @AuthorUserId, @AuthorName, @AuthorRole, @AuthorLabel, @Body, @CreatedAt)
        """;

    public async ValueTask<PostNeedCommentResult> Handle(PostNeedCommentCommand command, CancellationToken cancellationToken)
    {
        var viewer = command.Viewer;
        NeedRow? need;
        List<SentMatch> matches;
        List<Guid> writers;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Load, new { command.NeedId }, cancellationToken: cancellationToken));
            need = await results.ReadSingleOrDefaultAsync<NeedRow>();
            matches = (await results.ReadAsync<SentMatch>()).AsList();
            writers = (await results.ReadAsync<Guid>()).AsList();
        }

        if (need is null || Author(viewer, matches) is not (var role, var label))
        {
            logger.LogWarning("Comment by user {UserId} on need {NeedId} refused: {Reason}",
                viewer.UserId, command.NeedId, need is null ? "no such need" : "none of their experts received it");
            return new(PostNeedCommentOutcome.NotFound, "Ce besoin n’existe pas.");
        }

        var text = command.Text?.ReplaceLineEndings("\n").Trim() ?? "";
        if (text.Length == 0)
        {
            return new(PostNeedCommentOutcome.Refused, "Écrivez votre message avant de l’envoyer.");
        }

        if (text.Length > MaxLength)
        {
            return new(PostNeedCommentOutcome.Refused,
                $"Votre message compte {French.Number(text.Length)} caractères : raccourcissez-le à {French.Number(MaxLength)} caractères au plus. Il n’a pas été envoyé.");
        }

        var recipients = await RecipientsAsync(viewer, matches, writers, cancellationToken);
        var subjectLabel = (await mediator.Send(new GetPublicCatalogue(), cancellationToken))
            .SelectMany(t => t.Subjects).FirstOrDefault(s => s.Slug == need.SubjectSlug)?.Label;
        var now = clock.GetUtcNow().UtcDateTime;
        var commentId = Guid.CreateVersion7();

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = commentId, command.NeedId, AuthorUserId = viewer.UserId, AuthorName = viewer.Name, AuthorRole = role, AuthorLabel = label,
                Body = text, CreatedAt = now,
            }, transaction, cancellationToken: cancellationToken));
            if (recipients.Count > 0)
            {
                await transaction.EnqueueAsync(MatchingSchema.Name, new NeedCommentPosted(
                    Guid.CreateVersion7(), commentId, command.NeedId, viewer.Name, label, text, now, need.CompanyName, subjectLabel,
                    $"/conseiller/besoins/{command.NeedId}", recipients));
            }

            await transaction.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Comment {CommentId} on need {NeedId} by user {UserId} ({Role}), e-mailed to {Count} participants",
            commentId, command.NeedId, viewer.UserId, role, recipients.Count);
        return new(PostNeedCommentOutcome.Posted, recipients.Count switch
        {
            0 => "Message publié.",
            1 => "Message publié et envoyé par e-mail à 1 participant.",
            var count => $"Message publié et envoyé par e-mail à {count} participants.",
        });
    }

    /// <summary>
    /// What the agent writes as: one of the need's experts (their antennes, as the timeline names experts), a manager of one of them (the antennes),
    /// or the team (an admin); null when they may not see the need.
    /// </summary>
    private static (string Role, string Label)? Author(AgentViewer viewer, IReadOnlyList<SentMatch> matches)
    {
        if (matches.Where(m => viewer.AnswersFor(m.ExpertId)).Select(m => m.AntenneName).Distinct().ToList() is { Count: > 0 } own)
        {
            return ("expert", string.Join(", ", own));
        }

        if (matches.Where(m => viewer.MayAnswerFor(m.ExpertId)).Select(m => m.AntenneName).Distinct().ToList() is { Count: > 0 } antennes)
        {
            return ("manager", $"responsable d’antenne, {string.Join(", ", antennes)}");
        }

        return viewer.IsAdmin ? ("team", TeamLabel) : null;
    }

    /// <summary>The other experts the need was sent to, then the earlier writers; each address once, never the author's.</summary>
    private async Task<IReadOnlyList<NeedCommentRecipient>> RecipientsAsync(
        AgentViewer viewer, IReadOnlyList<SentMatch> matches, IReadOnlyList<Guid> writers, CancellationToken cancellationToken)
    {
        var agents = await mediator.Send(new GetAgentContacts([.. writers, viewer.UserId]), cancellationToken);
        var authorEmail = agents.FirstOrDefault(a => a.UserId == viewer.UserId)?.Email;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (authorEmail is not null)
        {
            seen.Add(authorEmail);
        }

        return matches.Where(m => !viewer.AnswersFor(m.ExpertId)).Select(m => new NeedCommentRecipient(m.ExpertName, m.ExpertEmail))
            .Concat(agents.Where(a => a.UserId != viewer.UserId).Select(a => new NeedCommentRecipient(a.FullName, a.Email)))
            .Where(r => seen.Add(r.Email.Trim()))
            .ToList();
    }

    private sealed record NeedRow(string? CompanyName, string SubjectSlug);

    private sealed record SentMatch(Guid ExpertId, string ExpertName, string ExpertEmail, string AntenneName);
}
