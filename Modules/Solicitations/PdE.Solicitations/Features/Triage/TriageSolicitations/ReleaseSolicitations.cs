using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;
using PdE.Solicitations.Features.FollowUp;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>
/// Release requests set aside (a blocked sender) into the received ones, to be triaged normally: the requester then gets
/// what any sender gets (<see cref="SolicitationSubmitted"/>, the follow-up link). The blocklist itself is left as it is.
/// </summary>
internal sealed record ReleaseSolicitationsCommand(TriageSelection Selection) : ICommand<TriageResult>;

internal sealed class ReleaseSolicitationsHandler(NpgsqlDataSource dataSource, TimeProvider clock, FollowUpLinks followUp)
    : ICommandHandler<ReleaseSolicitationsCommand, TriageResult>
{
    private const string SetReleased = """
        update solicitations.solicitation set status = 'received', blocked_reason = null, updated_at = @Now where id = any(@Ids)
        """;

    public async ValueTask<TriageResult> Handle(ReleaseSolicitationsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        if (await triage.LockAsync(command.Selection.Ids, requiredStatus: "blocked") is { } refusal)
        {
            return refusal;
        }

        await triage.Connection.ExecuteAsync(SetReleased, new { triage.Ids, Now = now }, triage.Transaction);
        foreach (var request in triage.Requests)
        {
            await triage.Transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationSubmitted(
                Guid.CreateVersion7(), request.Id, request.Siret ?? "", request.SubjectSlug, request.Description ?? "", request.SubmittedAt,
                request.CommuneCode, request.Company, request.Amount, request.RegistryPending));
            await followUp.IssueAsync(triage.Transaction, request.Id, isResend: false, cancellationToken);
        }

        // The timeline keeps why each request had been set aside, which the release erases from the request itself.
        foreach (var group in triage.Requests.GroupBy(r => r.BlockedReason))
        {
            await triage.RecordAsync(group.Select(r => r.Id), now, command.Selection.Actor, "released",
                group.Key is null ? null : $"mise de côté pour « {group.Key} »");
        }

        await triage.Transaction.CommitAsync(cancellationToken);
        return TriageResult.Done(triage.Requests.Count, "demande remise dans les reçues", "demandes remises dans les reçues");
    }
}
