using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PdE.Shared.Text;
using Quartz;

namespace PdE.Stats.Features.Exports.ProduceExports;

/// <summary>
/// Writes the exports people asked for, one after the other, and deletes those past their week. Started as soon as an
/// export is asked for (<see cref="AskForExport.QueueExport"/>), and every minute in case a host stopped before: an
/// export claimed by a host that has not reported progress for <see cref="Stalled"/> is taken up again from the start.
/// The file is written to a temporary file as its rows come, then stored in <c>stats.export_chunk</c>, so that any host
/// can serve it; the rows written so far are recorded after every page, for the list's progress bar.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ProduceExportsJob(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProduceExportsJob> logger) : IJob
{
    public static readonly JobKey Key = new("produce-exports");
    public const string CronSetting = "Stats:ExportsCron";
    public const string DefaultCron = "0 * * * * ?";

    public static readonly TimeSpan Stalled = TimeSpan.FromMinutes(5);

    private const int ChunkSize = 1 << 20;

    private const string Purge = "delete from stats.export where expires_at <= @Now";

    private const string Claim = """
        update stats.export e
        set status = 'running', started_at = @Now, heartbeat_at = @Now, rows_done = 0, rows_total = null
        where e.id = (
            select id from stats.export
            where status = 'queued' or (status = 'running' and heartbeat_at < @StalledBefore)
            order by requested_at
            limit 1
            for update skip locked)
        returning e.id as Id, e.kind as Kind, e.format as Format, e.scope::text as Scope, e.requested_at as RequestedAt
        """;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var (produced, purged) = await RunAsync(cancellationToken);
        context.Result = $"{French.Count(produced, "export écrit", "exports écrits")}, {French.Count(purged, "export supprimé", "exports supprimés")}";
    }

    /// <returns>How many exports were written, and how many past their week were deleted.</returns>
    public async Task<(int Produced, int Purged)> RunAsync(CancellationToken cancellationToken)
    {
        int purged;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            purged = await connection.ExecuteAsync(new CommandDefinition(Purge, new { Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        }

        var produced = 0;
        while (await ClaimAsync(cancellationToken) is { } export)
        {
            await ProduceAsync(export, cancellationToken);
            produced++;
        }

        return (produced, purged);
    }

    private async Task<Claimed?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Claimed>(new CommandDefinition(
            Claim, new { Now = now, StalledBefore = now - Stalled }, cancellationToken: cancellationToken));
    }

    private async Task ProduceAsync(Claimed export, CancellationToken cancellationToken)
    {
        var kind = ExportKind.OfKey(export.Kind);
        var scope = JsonSerializer.Deserialize<ExportScope>(export.Scope)!;
        var path = Path.GetTempFileName();
        try
        {
            await using var services = scopes.CreateAsyncScope();
            var rows = ActivatorUtilities.CreateInstance<ExportRows>(services.ServiceProvider);
            var total = await rows.CountAsync(kind, scope, cancellationToken);
            await ReportAsync(export.Id, "rows_total = @Total", new { Total = total }, cancellationToken);

            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await ExportFile.WriteAsync(file, export.Format, ExportRows.Headers(kind), Rows(), cancellationToken);
            }

            await StoreAsync(export, kind, path, cancellationToken);
            logger.LogInformation("Export {ExportId} ({Kind}, {Format}) written", export.Id, kind.Key, export.Format);

            async IAsyncEnumerable<object?[]> Rows()
            {
                var done = 0;
                await foreach (var page in rows.PagesAsync(kind, scope, cancellationToken))
                {
                    foreach (var row in page)
                    {
                        yield return row;
                    }

                    done += page.Count;
                    await ReportAsync(export.Id, "rows_done = @Done", new { Done = done }, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Export {ExportId} failed", export.Id);
            await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
            await connection.ExecuteAsync(
                "update stats.export set status = 'failed', finished_at = @Now where id = @Id",
                new { export.Id, Now = clock.GetUtcNow().UtcDateTime });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task ReportAsync(Guid id, string set, object values, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new DynamicParameters(values);
        parameters.AddDynamicParams(new { Id = id, Now = clock.GetUtcNow().UtcDateTime });
        await connection.ExecuteAsync(new CommandDefinition(
            $"update stats.export set {set}, heartbeat_at = @Now where id = @Id", parameters, cancellationToken: cancellationToken));
    }

    /// <summary>The file in pieces, and the export done, in one transaction: a download never sees half a file.</summary>
    private async Task StoreAsync(Claimed export, ExportKind kind, string path, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from stats.export_chunk where export_id = @Id", new { export.Id }, transaction, cancellationToken: cancellationToken));

        await using var file = File.OpenRead(path);
        var buffer = new byte[ChunkSize];
        for (var seq = 0; ; seq++)
        {
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0 && seq > 0)
            {
                break;
            }

            await using var insert = new NpgsqlCommand("insert into stats.export_chunk (export_id, seq, bytes) values ($1, $2, $3)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = export.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = seq });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = new ReadOnlyMemory<byte>(buffer, 0, read) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            if (read < buffer.Length)
            {
                break;
            }
        }

        var fileName = $"export-{kind.Slug}-{French.ToParis(export.RequestedAt):yyyy-MM-dd-HHmm}.{export.Format}";
        await connection.ExecuteAsync(new CommandDefinition(
            """
            update stats.export set status = 'done', finished_at = @Now, heartbeat_at = @Now, file_name = @FileName, file_size = @Size
            where id = @Id
            """,
            new { export.Id, Now = clock.GetUtcNow().UtcDateTime, FileName = fileName, Size = file.Length }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record Claimed(Guid Id, string Kind, string Format, string Scope, DateTime RequestedAt);
}
