using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Stats.Features.Exports.ProduceExports;
using Quartz;

namespace PdE.Stats.Features.Exports.AskForExport;

/// <summary>
/// Asks for an export: it waits in <c>stats.export</c> until <see cref="ProduceExportsJob"/> writes it, which is started at
/// once. Refused (null) while the person already has <see cref="MaxWaiting"/> exports waiting or being written.
/// </summary>
/// <param name="ScopeLabel">The filters in words, as the list of exports shows them.</param>
internal sealed record QueueExport(Guid UserId, ExportKind Kind, string Format, ExportScope Scope, string ScopeLabel) : ICommand<Guid?>
{
    public const int MaxWaiting = 3;

    /// <summary>How long a file is kept for the person who asked for it.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);
}

internal sealed class QueueExportHandler(
    NpgsqlDataSource dataSource, ISchedulerFactory schedulers, TimeProvider clock, ILogger<QueueExportHandler> logger)
    : ICommandHandler<QueueExport, Guid?>
{
    // The count and the insert run under a lock on the person's exports, so that two clicks cannot pass the limit together.
    private const string Lock = "select pg_advisory_xact_lock(hashtextextended('stats.export:' || @UserId::text, 0))";

    private const string Insert = """
        insert into stats.export (id, requested_by, kind, format, scope, scope_label, requested_at, expires_at)
        select @Id, @UserId, @Kind, @Format, @Scope::jsonb, @ScopeLabel, @Now, @ExpiresAt
        where (select count(*) from stats.export where requested_by = @UserId and status in ('queued', 'running')) < @MaxWaiting
        returning id
        """;

    public async ValueTask<Guid?> Handle(QueueExport command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Lock, new { command.UserId }, transaction, cancellationToken: cancellationToken));
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(Insert, new
        {
            Id = Guid.CreateVersion7(),
            command.UserId,
            Kind = command.Kind.Key,
            command.Format,
            Scope = JsonSerializer.Serialize(command.Scope),
            command.ScopeLabel,
            Now = now,
            ExpiresAt = now + QueueExport.KeptFor,
            QueueExport.MaxWaiting,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(ProduceExportsJob.Key, cancellationToken);
        }
        catch (SchedulerException e)
        {
            // The job's own schedule picks the export up within a minute.
            logger.LogWarning(e, "Export {ExportId} asked for: the job could not be started at once", id);
        }

        return id;
    }
}
