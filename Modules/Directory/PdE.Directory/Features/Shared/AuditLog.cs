using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Npgsql;
using PdE.Shared.Text;

namespace PdE.Directory.Features.Shared;

/// <summary>Who made a change: the signed-in agent, or the system for imports run without one (tests, scripts).</summary>
internal sealed record Actor(Guid? UserId, string Name)
{
    public static readonly Actor System = new(null, "Système");

    public static Actor From(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? new Actor(id, user.Identity?.Name ?? "Agent") : System;
}

internal sealed record AuditEntry(DateTime OccurredAt, string ActorName, string Action, string? Before, string? After)
{
    public string When => French.DateAndTime(OccurredAt);

    /// <summary>"Nom : CCI Paris · Communes : 12" from the stored JSON.</summary>
    public static string Describe(string? json)
    {
        if (json is null)
        {
            return "—";
        }

        using var document = JsonDocument.Parse(json);
        return string.Join(" · ", document.RootElement.EnumerateObject().Select(p => $"{p.Name} : {p.Value}"));
    }
}

/// <summary>The latest entries of one entity, for the history table of its page (partial _AuditHistory).</summary>
internal sealed record AuditHistory(string Subject, IReadOnlyList<AuditEntry> Entries);

/// <summary>One change to record: see <see cref="AuditLog.RecordManyAsync"/>.</summary>
internal sealed record AuditChange(string EntityType, Guid EntityId, string Action, object? Before, object? After);

/// <summary>Directory changes are recorded in the same transaction as the change itself: no change without its trace.</summary>
internal static class AuditLog
{
    private const string Insert = """
        insert into directory.audit_entry (id, actor_id, actor_name, entity_type, entity_id, action, before, after)
        values (@Id, @ActorId, @ActorName, @EntityType, @EntityId, @Action, cast(@Before as json), cast(@After as json))
        """;

    private const string Latest = """
        select occurred_at as OccurredAt, actor_name as ActorName, action as Action, before::text as Before, after::text as After
        from directory.audit_entry
        where entity_type = @EntityType and entity_id = @EntityId
        order by occurred_at desc, id desc
        limit @Limit
        """;

    public static Task RecordAsync(
        NpgsqlTransaction transaction, Actor actor, string entityType, Guid entityId, string action, object? before, object? after,
        CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = Guid.CreateVersion7(),
            ActorId = actor.UserId,
            ActorName = actor.Name,
            EntityType = entityType,
            EntityId = entityId,
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before),
            After = after is null ? null : JsonSerializer.Serialize(after),
        }, transaction, cancellationToken: cancellationToken));

    private const string InsertMany = """
        insert into directory.audit_entry (id, actor_id, actor_name, entity_type, entity_id, action, before, after)
        select v.id, @ActorId, @ActorName, v.entity_type, v.entity_id, v.action, cast(v.before as json), cast(v.after as json)
        from unnest(@Ids, @EntityTypes, @EntityIds, @Actions, @Befores, @Afters) as v(id, entity_type, entity_id, action, before, after)
        """;

    /// <summary>Many entries in one statement (an import of thousands of lines), same rules as <see cref="RecordAsync"/>.</summary>
    public static Task RecordManyAsync(NpgsqlTransaction transaction, Actor actor, IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(InsertMany, new
        {
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Ids = changes.Select(_ => Guid.CreateVersion7()).ToArray(),
            EntityTypes = changes.Select(c => c.EntityType).ToArray(),
            EntityIds = changes.Select(c => c.EntityId).ToArray(),
            Actions = changes.Select(c => c.Action).ToArray(),
            Befores = changes.Select(c => c.Before is null ? null : JsonSerializer.Serialize(c.Before)).ToArray(),
            Afters = changes.Select(c => c.After is null ? null : JsonSerializer.Serialize(c.After)).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<AuditEntry>> LatestAsync(
        NpgsqlConnection connection, string entityType, Guid entityId, CancellationToken cancellationToken, int limit = 20) =>
        (await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            Latest, new { EntityType = entityType, EntityId = entityId, Limit = limit }, cancellationToken: cancellationToken))).AsList();
}

/// <summary>An edit's audit entry keeps only the fields that changed, before and after.</summary>
internal static class AuditDifference
{
    public static (Dictionary<string, string> Before, Dictionary<string, string> After) Of(
        IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var changed = after.Keys.Where(key => !before.TryGetValue(key, out var old) || old != after[key]).ToList();
        return (changed.ToDictionary(key => key, key => before.GetValueOrDefault(key, "—")), changed.ToDictionary(key => key, key => after[key]));
    }
}
