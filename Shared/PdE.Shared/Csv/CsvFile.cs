using System.Text;
using CsvHelper;

namespace PdE.Shared.Csv;

/// <summary>One CSV record and the file line it starts on (a quoted field may span several lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>An empty line, or one of empty cells only (what spreadsheets write for an empty row).</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>A file that is not CSV as <see cref="CsvFile.Read"/> understands it; the message is French, for the admin.</summary>
public sealed class CsvSyntaxException(int line, string message) : Exception(message)
{
    /// <summary>The file line (1-based) where the problem is.</summary>
    public int Line { get; } = line;
}

/// <summary>
/// The CSV dialect admins exchange with spreadsheets, on CsvHelper: RFC 4180 quoting, ';' or ',' separator, UTF-8 (with or
/// without BOM) or Windows-1252 on the way in, UTF-8 with BOM and CRLF on the way out (so Excel reads accents right).
/// Every export writes through <see cref="Write"/>, which neutralises formulas (<see cref="SpreadsheetCell"/>); every import
/// reads through <see cref="Read"/>, which undoes exactly that.
/// </summary>
public static class CsvFile
{
    public const string UnclosedQuote = "Un guillemet ouvert n’est jamais refermé.";
    public const string TextAfterQuote = "Un champ entre guillemets doit être suivi du séparateur ou d’une fin de ligne.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1252 = CreateWindows1252();

    /// <summary>
    /// UTF-8 with BOM, CRLF line ends, fields quoted only when they need it (RFC 4180), every cell passed through
    /// <see cref="SpreadsheetCell.Neutralise"/> so that no cell opens as a formula.
    /// </summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows, char separator = ';')
    {
        using var output = new MemoryStream();
        using (var writer = OpenWriter(output, separator))
        {
            foreach (var row in rows)
            {
                writer.WriteRow(row);
            }
        }

        return output.ToArray();
    }

    /// <summary>
    /// A writer of rows one at a time to <paramref name="output"/> (left open), in the dialect of <see cref="Write"/>: for a
    /// file too large to hold in memory (the statistics' exports).
    /// </summary>
    public static CsvRowWriter OpenWriter(Stream output, char separator = ';')
    {
        var options = CsvWriterOptions.Default with
        {
            Separator = separator,
            WriteByteOrderMark = true,
            NewLine = "\r\n",
            Quoting = CsvQuoting.WhenNeeded,
            ValidateFieldCount = false,
            Injection = CsvInjection.None, // done by SpreadsheetCell, whose rule spares plain numbers and can be undone on import
        };
        return new CsvRowWriter(CsvWriter.Create(output, options, leaveOpen: true));
    }

    /// <summary>Valid UTF-8 (BOM dropped) is read as UTF-8; anything else is taken for Windows-1252 (Excel's "CSV" on a French Windows).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var preamble = Encoding.UTF8.Preamble;
        if (bytes.StartsWith(preamble))
        {
            bytes = bytes[preamble.Length..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }

    /// <summary>The separator of the first non-blank line (the header): ';' unless it holds more ',' outside quotes.</summary>
    public static char DetectSeparator(string text)
    {
        var header = text.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in header)
        {
            switch (c)
            {
                case '"': quoted = !quoted; break;
                case ';' when !quoted: semicolons++; break;
                case ',' when !quoted: commas++; break;
            }
        }

        return commas > semicolons ? ',' : ';';
    }

    /// <summary>
    /// Reads every record, blank ones included (callers decide), with the line each one starts on, counting the lines inside
    /// quoted fields. Spaces and tabs around unquoted values and around quotes are dropped; a stray quote inside an unquoted
    /// value is kept as text; each cell goes through <see cref="SpreadsheetCell.Restore"/>.
    /// </summary>
    /// <remarks>
    /// CsvHelper reports only the first quoting problem of a record: a record with a stray quote and then a quote never
    /// closed is read to the end of the file as one record (whose width or values the importer then refuses) rather than
    /// refused here.
    /// </remarks>
    /// <exception cref="CsvSyntaxException">A quoted field is never closed, or text follows a closing quote.</exception>
    public static IEnumerable<CsvRecord> Read(string text, char separator)
    {
        CsvMalformedRecord? malformed = null;
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = false,
            TrimWhitespace = true,
            AllowLineBreaksInQuotes = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = record => malformed ??= record,
        };

        using var reader = CsvReader.Create(Encoding.UTF8.GetBytes(text), options);
        while (reader.Read())
        {
            var line = checked((int)reader.LineNumber);
            if (malformed is { } problem)
            {
                switch (problem.Reason)
                {
                    case CsvMalformedReason.UnterminatedQuote:
                        throw new CsvSyntaxException(line, UnclosedQuote);
                    case CsvMalformedReason.TextAfterClosingQuote:
                        throw new CsvSyntaxException(line + LineBreaks(reader.RawRecord, problem.ByteOffset - reader.ByteOffset), TextAfterQuote);
                }

                malformed = null; // a stray quote is text
            }

            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = SpreadsheetCell.Restore(reader.GetString(i));
            }

            yield return new CsvRecord(line, fields);
        }
    }

    /// <summary>The line breaks (CRLF, LF or CR) in the first <paramref name="length"/> bytes of a record.</summary>
    private static int LineBreaks(ReadOnlySpan<byte> record, long length)
    {
        var end = (int)Math.Clamp(length, 0, record.Length);
        var breaks = 0;
        for (var i = 0; i < end; i++)
        {
            if (record[i] == '\n' || (record[i] == '\r' && (i + 1 >= record.Length || record[i + 1] != '\n')))
            {
                breaks++;
            }
        }

        return breaks;
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}

/// <summary>Rows written one at a time (<see cref="CsvFile.OpenWriter"/>), each cell through <see cref="SpreadsheetCell.Neutralise"/>.</summary>
public sealed class CsvRowWriter : IDisposable
{
    private readonly CsvWriter writer;

    internal CsvRowWriter(CsvWriter writer) => this.writer = writer;

    public void WriteRow(IReadOnlyList<string> row) => writer.WriteRecord([.. row.Select(SpreadsheetCell.Neutralise)]);

    /// <summary>Flushes what is buffered; the stream stays open.</summary>
    public void Dispose() => writer.Dispose();
}
