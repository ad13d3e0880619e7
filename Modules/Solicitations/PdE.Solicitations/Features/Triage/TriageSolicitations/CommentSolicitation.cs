using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>A comment of the team on the request's timeline.</summary>
internal sealed record CommentSolicitationCommand(Guid Id, string? Text, string Actor) : ICommand<TriageResult>;

internal sealed class CommentSolicitationHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<CommentSolicitationCommand, TriageResult>
{
    public const int MaxCommentLength = 2000;

    public async ValueTask<TriageResult> Handle(CommentSolicitationCommand command, CancellationToken cancellationToken)
    {
        var text = command.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return TriageResult.Refused("Écrivez votre commentaire.");
        }

        if (text.Length > MaxCommentLength)
        {
            return TriageResult.Refused($"Un commentaire ne doit pas dépasser {MaxCommentLength:N0} caractères.".Replace(",", " ", StringComparison.Ordinal));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        // Locked like the requests of any action, so that a comment goes only on a sent request that still exists.
        if (await triage.LockAsync([command.Id], requiredStatus: null) is { } refusal)
        {
            return refusal;
        }

        await triage.RecordAsync([command.Id], now, command.Actor, "comment", text);
        await triage.Transaction.CommitAsync(cancellationToken);
        return TriageResult.Done("Commentaire ajouté.");
    }
}
