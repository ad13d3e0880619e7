using Dapper;
using Mediator;
using Npgsql;

namespace PdE.Stats.Features.Exports.ListExports;

/// <summary>The exports one person asked for and still has (a week), newest first.</summary>
internal sealed record ListMyExports(Guid UserId) : IQuery<IReadOnlyList<ExportLine>>;

/// <param name="Status"><c>queued</c>, <c>running</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="RowsTotal">How many rows it will have, once counted.</param>
/// <param name="RowsDone">How many are written so far.</param>
internal sealed record ExportLine(
    Guid Id, string Kind, string Format, string ScopeLabel, string Status, int? RowsTotal, int RowsDone, long? FileSize, DateTime RequestedAt,
    DateTime ExpiresAt)
{
    public bool Pending => Status is "queued" or "running";

    /// <summary>Of the rows to write, the share written (0 to 100); null before they are counted.</summary>
    public int? Percent => RowsTotal is > 0 and var total ? (int)(100L * RowsDone / total) : RowsTotal == 0 ? 100 : null;
}

internal sealed class ListMyExportsHandler(NpgsqlDataSource dataSource, TimeProvider clock) : IQueryHandler<ListMyExports, IReadOnlyList<ExportLine>>
{
    private const string Mine = """
        select id as Id, kind as Kind, format as Format, scope_label as ScopeLabel, status as Status, rows_total as RowsTotal,
               rows_done as RowsDone, file_size as FileSize, requested_at as RequestedAt, expires_at as ExpiresAt
        from stats.export
        where requested_by = @UserId and expires_at > @Now
        order by requested_at desc
        """;

    public async ValueTask<IReadOnlyList<ExportLine>> Handle(ListMyExports query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ExportLine>(new CommandDefinition(
            Mine, new { query.UserId, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken))).AsList();
    }
}
