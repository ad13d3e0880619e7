using Dapper;
using Mediator;
using Npgsql;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>Validate: the requests go to Matching (<see cref="SolicitationValidated"/>), which routes them to experts.</summary>
internal sealed record ValidateSolicitationsCommand(TriageSelection Selection) : ICommand<TriageResult>;

internal sealed class ValidateSolicitationsHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<ValidateSolicitationsCommand, TriageResult>
{
    private const string SetValidated = """
        update solicitations.solicitation set status = 'validated', validated_at = @Now, updated_at = @Now where id = any(@Ids)
        """;

    public async ValueTask<TriageResult> Handle(ValidateSolicitationsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        if (await triage.LockAsync(command.Selection.Ids, requiredStatus: "received") is { } refusal)
        {
            return refusal;
        }

        await triage.Connection.ExecuteAsync(SetValidated, new { triage.Ids, Now = now }, triage.Transaction);
        foreach (var request in triage.Requests)
        {
            await triage.Transaction.EnqueueAsync(SolicitationsSchema.Name, new SolicitationValidated(
                Guid.CreateVersion7(), request.Id, request.SubjectSlug, request.Siret ?? "", request.CommuneCode, request.Company, request.Description ?? "", now));
        }

        await triage.RecordAsync(triage.Ids, now, command.Selection.Actor, "validated", null);
        await triage.Transaction.CommitAsync(cancellationToken);
        return TriageResult.Done(triage.Requests.Count, "demande validée et transmise aux conseillers", "demandes validées et transmises aux conseillers");
    }
}
