using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>Cancel (abandon) with a canned reply e-mailed to each requester (<see cref="SolicitationCanceled"/>).</summary>
internal sealed record CancelSolicitationsCommand(TriageSelection Selection, string? ReplyKey) : ICommand<TriageResult>;

internal sealed class CancelSolicitationsHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<CancelSolicitationsCommand, TriageResult>
{
    // The reply is also a tag, so that the desk can filter the requests abandoned for the same reason.
    private const string SetCanceled = """
        update solicitations.solicitation
        set status = 'canceled', canceled_at = @Now, cancel_reply = @Reply, updated_at = @Now,
            tags = case when @Reply = any(tags) then tags else array_append(tags, @Reply) end
        where id = any(@Ids)
        """;

    public async ValueTask<TriageResult> Handle(CancelSolicitationsCommand command, CancellationToken cancellationToken)
    {
        if (CannedReplies.Find(command.ReplyKey) is not { } reply)
        {
            return TriageResult.Refused("Choisissez la réponse à envoyer au demandeur.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        if (await triage.LockAsync(command.Selection.Ids, requiredStatus: "received") is { } refusal)
        {
            return refusal;
        }

        await triage.Connection.ExecuteAsync(SetCanceled, new { triage.Ids, Now = now, Reply = reply.Key }, triage.Transaction);
        foreach (var request in triage.Requests)
        {
            await triage.Transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationCanceled(
                Guid.CreateVersion7(), request.Id, request.Email, request.FullName, reply.Key, reply.Title, reply.Text, now));
        }

        await triage.RecordAsync(triage.Ids, now, command.Selection.Actor, "canceled", reply.Title);
        await triage.Transaction.CommitAsync(cancellationToken);
        return TriageResult.Done(triage.Requests.Count,
            $"demande abandonnée, réponse « {reply.Title} » envoyée", $"demandes abandonnées, réponse « {reply.Title} » envoyée");
    }
}
