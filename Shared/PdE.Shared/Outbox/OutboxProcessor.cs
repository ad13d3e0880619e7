using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PdE.Shared.Db;

namespace PdE.Shared.Outbox;

/// <summary>
/// Delivers the pending outbox rows of every module through Mediator, with claims that expire, so that any number of hosts
/// share the work and a host that freezes or loses the database holds nothing for longer than the lease:
/// <list type="number">
/// <item>claim: one short statement gives up to <see cref="BatchSize"/> due, unclaimed rows a lease
/// (<c>claimed_until</c>, <see cref="OutboxOptions.Lease"/>) under a token of this batch (<c>claimed_by</c>); rows are locked
/// only for that statement (<c>FOR UPDATE SKIP LOCKED</c>), so hosts never claim the same row;</item>
/// <item>for each row, the lease is taken again for the row alone just before publishing (nothing is published once another
/// host has taken the row over) and renewed every third of the lease while the receivers run, outside any transaction;</item>
/// <item>the row is marked done, or its failure recorded with exponential backoff, only where the token still holds: a host
/// that lost its lease marks nothing, and its receivers' inbox keeps their database effects to one.</item>
/// </list>
/// Rows are never deleted here.
/// </summary>
public sealed class OutboxProcessor(
    NpgsqlDataSource dataSource,
    IEnumerable<ModuleSchema> modules,
    IServiceScopeFactory scopeFactory,
    OutboxWakeups wakeups,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxProcessor> logger)
{
    internal const int BatchSize = 50;

    // Renewed every third of it: below a second, renewals would do little but load the database.
    private TimeSpan Lease => options.Value.Lease < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.Lease;

    private int Concurrency => Math.Max(1, options.Value.Concurrency);

    /// <summary>The schemas whose outbox this processor empties.</summary>
    public IReadOnlyList<string> Schemas { get; } = modules.Where(m => m.HasOutbox).Select(m => m.Name).ToList();

    /// <summary>Publishes everything due now, module after module; returns how many events were handled successfully.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        foreach (var schema in Schemas)
        {
            delivered += await DispatchSchemaAsync(schema, cancellationToken);
        }

        return delivered;
    }

    /// <summary>Publishes everything due now in one module's outbox; returns how many events were handled successfully.</summary>
    public async Task<int> DispatchSchemaAsync(string schema, CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        int claimed;
        do
        {
            (claimed, var ok) = await DispatchBatchAsync(schema, cancellationToken);
            delivered += ok;
        }
        while (claimed == BatchSize && !cancellationToken.IsCancellationRequested);

        return delivered;
    }

    private async Task<(int Claimed, int Delivered)> DispatchBatchAsync(string schema, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        var claimedAt = timeProvider.GetTimestamp();
        var rows = await ClaimAsync(schema, token, cancellationToken);
        var delivered = 0;
        var finished = 0;
        try
        {
            // The batch in lanes published side by side (Outbox:Concurrency), each lane in the batch's order: an event waits
            // mostly on its receivers' round trips and commits, which one after the other bounded the dispatch to about 300
            // events a second. Receivers never relied on an order (a failed event is retried after later ones, and several
            // hosts share a module's events anyway). Within a lane, all goes as it did for the whole batch: a slow event holds
            // back only its own lane, whose events not yet started go to another host once the lease has run out.
            var lanes = Math.Min(Concurrency, rows.Count);
            await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(async () =>
            {
                var (laneFinished, laneDelivered) = await DispatchLaneAsync(
                    schema, rows.Where((_, i) => i % lanes == lane).ToList(), token, claimedAt, cancellationToken);
                Interlocked.Add(ref finished, laneFinished);
                Interlocked.Add(ref delivered, laneDelivered);
            }, CancellationToken.None)));
        }
        finally
        {
            if (finished < rows.Count)
            {
                // Stopping, or the database failed: hand back what this batch has not done rather than let it wait for the lease.
                await ReleaseAsync(schema, token);
            }
        }

        return (rows.Count, delivered);
    }

    /// <summary>Publishes a lane's events one after the other; counts what it finished and delivered.</summary>
    private async Task<(int Finished, int Delivered)> DispatchLaneAsync(
        string schema, List<PendingRow> rows, Guid token, long claimedAt, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var finished = 0;

        // Published events are marked done together (one round trip and one commit for the lane rather than one per event),
        // while their lease surely holds: at the end of the lane, or before the next publishing once a third of the lease has
        // passed since the claim. A host that dies before marking them has them delivered again after the lease (the receivers'
        // inbox keeps their effects to one), as it always did after a crash between publishing and marking.
        var published = new List<Guid>();
        try
        {
            foreach (var row in rows)
            {
                if (published.Count > 0 && timeProvider.GetElapsedTime(claimedAt) >= Lease / 3)
                {
                    delivered += await MarkAllDoneAsync(schema, published, token, cancellationToken);
                }

                if (await DeliverAsync(schema, row, token, claimedAt, cancellationToken))
                {
                    published.Add(row.Id);
                }

                finished++;
            }
        }
        finally
        {
            // Also when stopping: what was published is marked, not delivered a second time. The rest of a lane that failed is
            // handed back by its batch.
            delivered += await MarkAllDoneAsync(schema, published, token, CancellationToken.None);
        }

        return (finished, delivered);
    }

    /// <summary>Marks the published events done where this batch's token still holds; empties the list.</summary>
    /// <returns>How many were marked (an event another host took over in the meantime is its own).</returns>
    private async Task<int> MarkAllDoneAsync(string schema, List<Guid> published, Guid token, CancellationToken cancellationToken)
    {
        if (published.Count == 0)
        {
            return 0;
        }

        // Marking is retried through a short database outage; beyond, the lease runs out and the events are delivered again.
        var ids = published.ToArray();
        published.Clear();
        int marked;
        try
        {
            marked = await TransientDatabaseFailure.RetryAsync(ct => MarkDoneAsync(schema, ids, token, ct), Lease / 2, logger,
                $"Marking {ids.Length} outbox events of schema {schema} done", cancellationToken);
        }
        catch (Exception ex) when (TransientDatabaseFailure.Is(ex))
        {
            logger.LogWarning("{Count} outbox events of schema {Schema} published but not marked done (delivered again after the lease): {Reason}",
                ids.Length, schema, ex.Message);
            return 0;
        }

        if (marked < ids.Length)
        {
            logger.LogWarning("{Lost} of {Published} outbox events of schema {Schema} were published after their lease ran out; another host owns them now",
                ids.Length - marked, ids.Length, schema);
        }

        return marked;
    }

    private async Task<List<PendingRow>> ClaimAsync(string schema, Guid token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PendingRow>(new CommandDefinition($"""
            update "{schema}".outbox_message claimed
            set claimed_until = now() + @Lease, claimed_by = @token
            from (
                select id from "{schema}".outbox_message
                where processed_at is null and next_attempt_at <= now() and (claimed_until is null or claimed_until < now())
                order by occurred_at, id
                limit {BatchSize}
                for update skip locked
            ) due
            where claimed.id = due.id
            returning claimed.id, claimed.type, claimed.payload::text as payload, claimed.attempts, claimed.occurred_at as OccurredAt
            """, new { Lease, token }, cancellationToken: cancellationToken))).AsList();
        rows.Sort((a, b) => (a.OccurredAt, a.Id).CompareTo((b.OccurredAt, b.Id)));
        return rows;
    }

    /// <param name="claimedAt">When the batch's claim was sent (<see cref="TimeProvider.GetTimestamp"/>): its lease runs from later than that.</param>
    /// <returns>true when the event was published by this host (to be marked done), false when it failed or was another host's.</returns>
    private async Task<bool> DeliverAsync(string schema, PendingRow row, Guid token, long claimedAt, CancellationToken cancellationToken)
    {
        // The batch's lease may have run out while earlier rows were published: take this row again, if it is still ours. Within
        // the first half of the lease nobody else can have taken it, and the renewals while publishing (every third of the
        // lease) start before the lease ends: the round trip is saved.
        if (timeProvider.GetElapsedTime(claimedAt) >= Lease / 2 && !await RenewAsync(schema, row.Id, token, cancellationToken))
        {
            logger.LogInformation("Outbox event {EventId} of schema {Schema} was taken over by another host; skipped", row.Id, schema);
            return false;
        }

        using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var leaseLost = new CancellationTokenSource();
        var renewals = KeepLeaseAsync(schema, row.Id, token, publishing, leaseLost);
        Exception? failure = null;
        try
        {
            await PublishAsync(row, publishing.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }
        finally
        {
            await publishing.CancelAsync();
            await renewals;
        }

        if (leaseLost.IsCancellationRequested)
        {
            // Another host took the event over while it was being published (this host was too slow to renew): it is theirs.
            return false;
        }

        if (failure is null)
        {
            // Marked done with the rest of the batch (DispatchBatchAsync).
            return true;
        }

        var delay = TargetUnavailableException.RetryAfterOf(failure) ?? OutboxRetries.Backoff(row.Attempts + 1);
        var target = TargetUnavailableException.TargetOf(failure);
        logger.LogWarning(failure, "Outbox event {EventId} ({EventType}) of schema {Schema} failed (attempt {Attempt}); retry in {Delay}",
            row.Id, row.Type, schema, row.Attempts + 1, delay);
        await TransientDatabaseFailure.RetryAsync(ct => MarkFailedAsync(schema, row.Id, token, delay, failure, target, ct), Lease / 2, logger,
            $"Recording the failure of outbox event {row.Id}", cancellationToken);
        return false;
    }

    /// <summary>
    /// Renews the lease of the row being published every third of the lease until the publishing ends; if another host took the
    /// row meanwhile, cancels the publishing and signals <paramref name="leaseLost"/>.
    /// </summary>
    private async Task KeepLeaseAsync(string schema, Guid id, Guid token, CancellationTokenSource publishing, CancellationTokenSource leaseLost)
    {
        while (!publishing.IsCancellationRequested)
        {
            try
            {
                // Most publishings end long before a third of the lease: the wait ends without an exception (one per event
                // cost about a tenth of the host's CPU under load, by a profile).
                await Task.Delay(Lease / 3, timeProvider, publishing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (publishing.IsCancellationRequested)
                {
                    return;
                }

                if (!await RenewAsync(schema, id, token, publishing.Token))
                {
                    logger.LogWarning("Outbox event {EventId} of schema {Schema}: lease lost while publishing; another host has it", id, schema);
                    await leaseLost.CancelAsync();
                    await publishing.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (publishing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database cannot be reached: the publishing goes on; past the lease, another host may deliver the event too.
                logger.LogWarning("Outbox event {EventId} of schema {Schema}: lease not renewed: {Reason}", id, schema, ex.Message);
            }
        }
    }

    // Renewing, marking done and marking failed find their rows by id under the batch's token, with no "processed_at is null":
    // the token is cleared whenever an event is marked or handed back, so it holds only on pending events, and that condition
    // made the planner walk every pending event through the claim index (8 ms a statement behind a backlog of 10,000) when
    // the table's statistics said none were pending.
    private async Task<bool> RenewAsync(string schema, Guid id, Guid token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update "{schema}".outbox_message set claimed_until = now() + @Lease
            where id = @id and claimed_by = @token
            """, new { id, token, Lease }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task<int> MarkDoneAsync(string schema, Guid[] ids, Guid token, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update "{schema}".outbox_message
            set processed_at = now(), attempts = attempts + 1, last_error = null, waiting_for = null, claimed_until = null, claimed_by = null
            where id = any(@ids) and claimed_by = @token
            """, new { ids, token }, cancellationToken: cancellationToken));
    }

    private async Task<bool> MarkFailedAsync(
        string schema, Guid id, Guid token, TimeSpan delay, Exception failure, string? target, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            update "{schema}".outbox_message
            set attempts = attempts + 1, next_attempt_at = now() + @delay, last_error = @error, waiting_for = @target,
                claimed_until = null, claimed_by = null
            where id = @id and claimed_by = @token
            """, new { id, token, delay, error = failure.ToString(), target }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task ReleaseAsync(string schema, Guid token)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync($"""
                update "{schema}".outbox_message set claimed_until = null, claimed_by = null
                where claimed_by = @token and processed_at is null
                """, new { token });
        }
        catch (Exception ex)
        {
            logger.LogWarning("Outbox claims of schema {Schema} not released (they expire with their lease): {Reason}", schema, ex.Message);
        }
    }

    private async Task PublishAsync(PendingRow row, CancellationToken cancellationToken)
    {
        var type = Type.GetType(row.Type, throwOnError: false)
            ?? throw new InvalidOperationException($"Unknown event type '{row.Type}'.");
        var @event = JsonSerializer.Deserialize(row.Payload, type, OutboxJson.Options)
            ?? throw new InvalidOperationException($"Event {row.Id} has an empty payload.");

        // The events its receivers write wake this host's loops once they have all committed (OutboxWakeups).
        using var wakeup = wakeups.Begin();
        await using var scope = scopeFactory.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
        await publisher.Publish(@event, cancellationToken);
    }

    private sealed record PendingRow(Guid Id, string Type, string Payload, int Attempts, DateTime OccurredAt);
}
