using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>Move a received request to another subject of the public catalogue (<paramref name="CatalogueSubjects"/>: its slugs).</summary>
internal sealed record ChangeSubjectCommand(Guid Id, string? SubjectSlug, IReadOnlyCollection<string> CatalogueSubjects, string Actor)
    : ICommand<TriageResult>;

internal sealed class ChangeSubjectHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<ChangeSubjectCommand, TriageResult>
{
    private const string SetSubject = """
        update solicitations.solicitation set subject_slug = @Subject, updated_at = @Now where id = @Id
        """;

    public async ValueTask<TriageResult> Handle(ChangeSubjectCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.SubjectSlug) || !command.CatalogueSubjects.Contains(command.SubjectSlug))
        {
            return TriageResult.Refused("Choisissez un sujet du catalogue.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        if (await triage.LockAsync([command.Id], requiredStatus: "received") is { } refusal)
        {
            return refusal;
        }

        var before = triage.Requests[0].SubjectSlug;
        if (before == command.SubjectSlug)
        {
            return TriageResult.Refused("La demande porte déjà sur ce sujet.");
        }

        await triage.Connection.ExecuteAsync(SetSubject, new { command.Id, Now = now, Subject = command.SubjectSlug }, triage.Transaction);
        await triage.RecordAsync([command.Id], now, command.Actor, "subject_changed", $"{before} → {command.SubjectSlug}");
        await triage.Transaction.CommitAsync(cancellationToken);
        return TriageResult.Done("Sujet modifié.");
    }
}
