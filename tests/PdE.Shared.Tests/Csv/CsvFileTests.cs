using System.Text;
using PdE.Shared.Csv;

namespace PdE.Shared.Tests.Csv;

/// <summary>The CSV dialect of the imports and exports: encodings, separators, quoting, line numbers and French errors.</summary>
public sealed class CsvFileTests
{
    [Test]
    public void Writes_utf8_with_bom_semicolons_crlf_and_quotes_only_where_needed()
    {
        string[][] rows = [["Nom", "Échelon"], ["Paris; \"centre\"", "locale"], ["Lyon", ""], ["a\nb", "x"]];

        var bytes = CsvFile.Write(rows);

        Assert.That(bytes[..3], Is.EqualTo(Encoding.UTF8.Preamble.ToArray()), "BOM, for Excel");
        Assert.That(Encoding.UTF8.GetString(bytes[3..]), Is.EqualTo("Nom;Échelon\r\n\"Paris; \"\"centre\"\"\";locale\r\nLyon;\r\n\"a\nb\";x\r\n"));
    }

    [Test]
    public void Writes_formulas_as_text_and_reads_them_back_as_they_were()
    {
        string[][] rows =
        [
            ["Nom", "-Titre"],
            ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1)"],
            ["+cmd|' /C calc'!A0", "-2+3"],
            ["-3", "'=déjà cité"],
        ];

        var bytes = CsvFile.Write(rows);
        var text = CsvFile.Decode(bytes);
        var cells = text.Split("\r\n").SelectMany(l => l.Split(';')).Where(c => c.Length > 0).ToList();

        Assert.That(text, Is.EqualTo("Nom;'-Titre\r\n\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";'@SUM(A1)\r\n'+cmd|' /C calc'!A0;'-2+3\r\n-3;''=déjà cité\r\n"));
        Assert.That(cells.Where(c => c.TrimStart('"')[0] is '=' or '@' or '+' or '-'), Is.EqualTo(new[] { "-3" }), "only the plain number");
        Assert.That(CsvFile.Read(text, CsvFile.DetectSeparator(text)).Select(r => r.Fields), Is.EqualTo(rows));
    }

    [Test]
    public void Reads_a_comma_file_when_its_header_has_more_commas_than_semicolons()
    {
        const string text = "Nom,\"Échelon; niveau\",Codes\nParis,locale,75056\n";

        Assert.That(CsvFile.DetectSeparator(text), Is.EqualTo(','));
        Assert.That(CsvFile.DetectSeparator("\n\nNom;Échelon,x;Codes\n"), Is.EqualTo(';'));
        Assert.That(CsvFile.Read(text, ',').Select(r => r.Fields), Is.EqualTo(new[] { new[] { "Nom", "Échelon; niveau", "Codes" }, ["Paris", "locale", "75056"] }));
    }

    [Test]
    public void Decodes_utf8_with_or_without_bom_and_otherwise_windows_1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        const string text = "Nom;Échelon\nAntenne Été – œuvre;régionale\n";

        Assert.That(CsvFile.Decode([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)]), Is.EqualTo(text));
        Assert.That(CsvFile.Decode(Encoding.UTF8.GetBytes(text)), Is.EqualTo(text));
        Assert.That(CsvFile.Decode(Encoding.GetEncoding(1252).GetBytes(text)), Is.EqualTo(text));
    }

    [Test]
    public void Counts_the_lines_inside_quoted_fields_and_blank_lines_whatever_the_line_ends()
    {
        const string text = "Nom;Échelon\r\n\"Paris\r\ncentre\nest\";locale\r\n\r\n;\nLyon;\"lo\"\"cale\"\rLille;locale";

        var records = CsvFile.Read(text, ';').ToList();

        Assert.That(records.Select(r => (r.Line, r.IsBlank)), Is.EqualTo(new[] { (1, false), (2, false), (5, true), (6, true), (7, false), (8, false) }));
        Assert.That(records[1].Fields, Is.EqualTo(new[] { "Paris\r\ncentre\nest", "locale" }));
        Assert.That(records[4].Fields, Is.EqualTo(new[] { "Lyon", "lo\"cale" }));
        Assert.That(records[5].Fields, Is.EqualTo(new[] { "Lille", "locale" }));
    }

    [Test]
    public void Drops_spaces_around_values_keeps_them_inside_quotes_and_keeps_a_stray_quote_as_text()
    {
        var record = CsvFile.Read(" Paris ; \" centre \" ;l'an \"2000\"\n", ';').Single();

        Assert.That(record.Fields, Is.EqualTo(new[] { "Paris", " centre ", "l'an \"2000\"" }));
    }

    [TestCase("Nom;Échelon\nParis;locale\n\"Lyon;locale\nLille;locale\n", 3, CsvFile.UnclosedQuote)]
    [TestCase("Nom;Échelon\n\"Paris\" centre;locale\n", 2, CsvFile.TextAfterQuote)]
    [TestCase("Nom;Échelon\n\"Paris\ncentre\" est;locale\n", 3, CsvFile.TextAfterQuote)]
    public void A_badly_quoted_file_is_refused_in_french_with_its_line(string text, int line, string message)
    {
        var error = Assert.Throws<CsvSyntaxException>(() => _ = CsvFile.Read(text, ';').ToList())!;

        Assert.That((error.Line, error.Message), Is.EqualTo((line, message)));
    }

    [Test]
    public void An_empty_file_has_no_record() =>
        Assert.That(CsvFile.Read("", ';'), Is.Empty);
}
