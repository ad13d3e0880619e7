using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using PdE.Stats.Features.Exports;
using PdE.Stats.Features.Exports.ProduceExports;

namespace PdE.Stats.Tests.Exports;

/// <summary>An export's file as its rows come: CSV with formula quotes, XLSX with typed cells and never a formula, headers always.</summary>
public sealed class ExportFileTests
{
    private static readonly string[] Headers = ["Date", "Entreprise", "Nombre"];

    [Test]
    public async Task A_csv_export_is_the_sites_csv_dialect_with_formulas_neutralised()
    {
        var bytes = await WriteAsync(ExportFormat.Csv, [new DateTime(2026, 3, 31, 23, 30, 0), "=1+1", 3], [null, "Boulangerie; « Martin »", -2]);
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(
            "\uFEFFDate;Entreprise;Nombre\r\n2026-03-31 23:30;'=1+1;3\r\n;\"Boulangerie; « Martin »\";-2\r\n"));
    }

    [Test]
    public async Task An_xlsx_export_keeps_text_as_text_and_dates_as_dates()
    {
        var bytes = await WriteAsync(ExportFormat.Xlsx, [new DateTime(2026, 3, 31, 23, 30, 0), "=HYPERLINK(\"http://exemple.invalid\")", 3]);
        var row = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().Single();
        Assert.That(row["Date"], Is.EqualTo(new DateTime(2026, 3, 31, 23, 30, 0)));
        Assert.That(row["Entreprise"], Is.EqualTo("=HYPERLINK(\"http://exemple.invalid\")"));
        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        Assert.That(await sheet.ReadToEndAsync(), Does.Not.Contain("<x:f>").And.Not.Contain("<f>"), "no cell is a formula");
    }

    [Test]
    public async Task An_empty_export_still_names_its_columns()
    {
        var csv = Encoding.UTF8.GetString(await WriteAsync(ExportFormat.Csv));
        Assert.That(csv, Is.EqualTo("\uFEFFDate;Entreprise;Nombre\r\n"));
        var xlsx = await WriteAsync(ExportFormat.Xlsx);
        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.That(rows.Single().Values, Is.EqualTo(Headers));
    }

    [Test]
    public async Task A_failure_while_reading_the_rows_is_the_error_reported_and_the_writer_stops()
    {
        async IAsyncEnumerable<object?[]> Failing()
        {
            yield return [null, "première", 1];
            await Task.Yield();
            throw new InvalidOperationException("la base ne répond plus");
        }

        foreach (var format in ExportFormat.All)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExportFile.WriteAsync(new MemoryStream(), format, Headers, Failing(), CancellationToken.None));
            Assert.That(error!.Message, Is.EqualTo("la base ne répond plus"), format);
        }
    }

    private static async Task<byte[]> WriteAsync(string format, params object?[][] rows)
    {
        using var output = new MemoryStream();
        await ExportFile.WriteAsync(output, format, Headers, rows.ToAsyncEnumerable(), CancellationToken.None);
        return output.ToArray();
    }
}
