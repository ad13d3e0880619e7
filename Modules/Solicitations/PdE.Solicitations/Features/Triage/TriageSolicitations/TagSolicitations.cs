using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Solicitations.Features.Triage.TriageSolicitations;

/// <summary>Put a tag on the requests, or take it off.</summary>
internal sealed record TagSolicitationsCommand(TriageSelection Selection, string? Tag, bool Remove = false) : ICommand<TriageResult>;

internal sealed class TagSolicitationsHandler(NpgsqlDataSource dataSource, TimeProvider clock) : ICommandHandler<TagSolicitationsCommand, TriageResult>
{
    public const int MaxTagLength = 40;

    private const string AddTag = """
        update solicitations.solicitation set tags = array_append(tags, @Tag), updated_at = @Now
        where id = any(@Ids) and not (@Tag = any(tags))
        """;

    private const string RemoveTag = """
        update solicitations.solicitation set tags = array_remove(tags, @Tag), updated_at = @Now where id = any(@Ids)
        """;

    public async ValueTask<TriageResult> Handle(TagSolicitationsCommand command, CancellationToken cancellationToken)
    {
        var tag = command.Tag?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(tag))
        {
            return TriageResult.Refused(command.Remove ? "Indiquez l’étiquette à retirer." : "Indiquez l’étiquette à ajouter.");
        }

        if (tag.Length > MaxTagLength)
        {
            return TriageResult.Refused($"Une étiquette ne doit pas dépasser {MaxTagLength} caractères.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var triage = await TriageTransaction.BeginAsync(dataSource, cancellationToken);
        if (await triage.LockAsync(command.Selection.Ids, requiredStatus: null) is { } refusal)
        {
            return refusal;
        }

        await triage.Connection.ExecuteAsync(command.Remove ? RemoveTag : AddTag, new { triage.Ids, Now = now, Tag = tag }, triage.Transaction);
        await triage.RecordAsync(triage.Ids, now, command.Selection.Actor, command.Remove ? "tag_removed" : "tag_added", tag);
        await triage.Transaction.CommitAsync(cancellationToken);
        var count = triage.Requests.Count;
        return command.Remove
            ? TriageResult.Done(count, $"demande sans l’étiquette « {tag} »", $"demandes sans l’étiquette « {tag} »")
            : TriageResult.Done(count, $"demande avec l’étiquette « {tag} »", $"demandes avec l’étiquette « {tag} »");
    }
}
