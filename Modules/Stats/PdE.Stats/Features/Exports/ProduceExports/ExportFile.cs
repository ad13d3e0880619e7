using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Runtime.ExceptionServices;
using MiniExcelLibs;
using PdE.Shared.Csv;

namespace PdE.Stats.Features.Exports.ProduceExports;

/// <summary>
/// Writes an export's rows to a file as they come, CSV or XLSX, without holding them all in memory. Cells are text,
/// whole numbers, Paris date-times or empty.
/// </summary>
/// <remarks>
/// Formula safety: CSV cells go through <see cref="SpreadsheetCell.Neutralise"/> (<see cref="CsvFile.OpenWriter"/>); XLSX
/// cells are written as typed values by MiniExcel, text as text, never as a formula, so a value starting with <c>=</c>
/// opens as that text (a quote in front would show in the cell).
/// </remarks>
internal static class ExportFile
{
    private const int Buffered = 5_000;

    public static Task WriteAsync(
        Stream output, string format, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken) =>
        format == ExportFormat.Xlsx
            ? WriteXlsxAsync(output, headers, rows, cancellationToken)
            : WriteCsvAsync(output, headers, rows, cancellationToken);

    /// <summary>A cell as CSV text: date-times as <c>2026-03-14 09:30</c> (Paris), numbers without separators.</summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        DateTime at => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static async Task WriteCsvAsync(Stream output, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        using var writer = CsvFile.OpenWriter(output);
        writer.WriteRow(headers);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            writer.WriteRow([.. row.Select(Text)]);
        }
    }

    /// <summary>
    /// MiniExcel reads its rows synchronously: it runs on its own thread and takes them from a bounded queue the rows are
    /// read into, so that at most <see cref="Buffered"/> wait in memory.
    /// </summary>
    private static async Task WriteXlsxAsync(Stream output, IReadOnlyList<string> headers, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        using var queue = new BlockingCollection<object?[]>(Buffered);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(() =>
        {
            try
            {
                var taken = queue.GetConsumingEnumerable(stop.Token);
                using var first = taken.GetEnumerator();
                object sheet = first.MoveNext() ? Dictionaries(headers, first) : HeadersOnly(headers);
                MiniExcel.SaveAs(output, sheet, sheetName: "Export", excelType: ExcelType.XLSX);
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, CancellationToken.None);

        ExceptionDispatchInfo? failure = null;
        try
        {
            await foreach (var row in rows.WithCancellation(stop.Token))
            {
                queue.Add(row, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The writer stopped: its error is the one awaited below.
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
            await stop.CancelAsync();
        }
        finally
        {
            queue.CompleteAdding();
        }

        try
        {
            await writer;
        }
        catch when (failure is not null)
        {
            // The reading failed first: that is the error to report.
        }

        failure?.Throw();
    }

    /// <summary>The rows from the one already taken on, each as a dictionary from header to cell (MiniExcel's shape).</summary>
    private static IEnumerable<IDictionary<string, object?>> Dictionaries(IReadOnlyList<string> headers, IEnumerator<object?[]> rows)
    {
        do
        {
            var row = rows.Current;
            var cells = new Dictionary<string, object?>(headers.Count);
            for (var i = 0; i < headers.Count; i++)
            {
                cells[headers[i]] = row[i];
            }

            yield return cells;
        }
        while (rows.MoveNext());
    }

    /// <summary>An empty export still names its columns.</summary>
    private static DataTable HeadersOnly(IReadOnlyList<string> headers)
    {
        var table = new DataTable("Export");
        foreach (var header in headers)
        {
            table.Columns.Add(header, typeof(string));
        }

        return table;
    }
}
