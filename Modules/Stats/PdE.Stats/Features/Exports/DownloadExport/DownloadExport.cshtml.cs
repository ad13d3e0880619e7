using System.Data;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace PdE.Stats.Features.Exports.DownloadExport;

/// <summary>
/// Downloads a ready export, streamed from its stored pieces. Only the person who asked for it may: anyone else, or after its
/// week, is told it does not exist (404), as for an address that never did. No view of its own.
/// </summary>
internal sealed class DownloadExportModel(NpgsqlDataSource dataSource, TimeProvider clock) : PageModel
{
    private const string Ready = """
        select file_name as FileName, format as Format, file_size as FileSize
        from stats.export
        where id = @Id and requested_by = @UserId and status = 'done' and expires_at > @Now
        """;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        var file = await connection.QuerySingleOrDefaultAsync<(string FileName, string Format, long FileSize)?>(new CommandDefinition(
            Ready, new { Id = id, UserId = userId, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        if (file is not { } found)
        {
            return NotFound();
        }

        Response.ContentType = ExportFormat.ContentType(found.Format);
        Response.ContentLength = found.FileSize;
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = found.FileName, FileName = found.FileName }.ToString();

        await using var command = new NpgsqlCommand("select bytes from stats.export_chunk where export_id = $1 order by seq", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await using var chunk = await reader.GetStreamAsync(0, cancellationToken);
            await chunk.CopyToAsync(Response.Body, cancellationToken);
        }

        return new EmptyResult();
    }
}
