using Dapper;
using Mediator;
using Npgsql;
using PdE.Matching.Contracts;
using PdE.Shared.Outbox;
using PdE.Solicitations.Contracts;
using PdE.Stats.Data;

namespace PdE.Stats.Features.CountActivity;

internal static class Metrics
{
    public const string SolicitationsReceived = "solicitations_received";
    public const string NeedsRouted = "needs_routed";

    /// <summary>Needs first taken in charge by one of their experts (kept by RecordMatchStatusChange).</summary>
    public const string NeedsTakenInCharge = "needs_taken_in_charge";

    /// <summary>Needs first closed, with or without help or unreachable (kept by RecordMatchStatusChange).</summary>
    public const string NeedsClosed = "needs_closed";
}

/// <summary>Keeps monthly counters from events, once per event (Paris months, as the team reads them).</summary>
internal sealed class CountActivityHandler(NpgsqlDataSource dataSource)
    : INotificationHandler<SolicitationSubmitted>, INotificationHandler<NeedRouted>
{
    private const string Increment = """
        insert into stats.monthly_counter (metric, month, value)
        values (@Metric, date_trunc('month', @At at time zone 'Europe/Paris')::date, 1)
        on conflict (metric, month) do update set value = stats.monthly_counter.value + 1
        """;

    public ValueTask Handle(SolicitationSubmitted submitted, CancellationToken cancellationToken) =>
        CountAsync(submitted.EventId, Metrics.SolicitationsReceived, submitted.SubmittedAt, cancellationToken);

    public ValueTask Handle(NeedRouted routed, CancellationToken cancellationToken) =>
        CountAsync(routed.EventId, Metrics.NeedsRouted, routed.RoutedAt, cancellationToken);

    private async ValueTask CountAsync(Guid eventId, string metric, DateTime at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await transaction.TryMarkProcessedAsync(StatsSchema.Name, eventId, metric))
        {
            await connection.ExecuteAsync(new CommandDefinition(Increment, new { Metric = metric, At = at }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
