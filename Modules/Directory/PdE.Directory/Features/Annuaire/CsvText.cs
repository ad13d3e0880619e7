using System.Text;

namespace PdE.Directory.Features.Annuaire;

/// <summary>One CSV record and the file line it starts on (a quoted field may span several lines).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    /// <summary>An empty line, or one of empty cells only (what spreadsheets write for an empty row).</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

internal sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// The small CSV dialect admins exchange with spreadsheets: RFC 4180 quoting, ';' or ',' separator,
/// UTF-8 (with or without BOM) or Windows-1252 on the way in, UTF-8 with BOM on the way out (so Excel reads accents right).
/// </summary>
internal static class CsvText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Windows1252 = CreateWindows1252();

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

    /// <summary>Reads every record, blank ones included (callers decide), with the line each one starts on.</summary>
    /// <exception cref="CsvFormatException">A quoted field is never closed, or text follows a closing quote.</exception>
    public static IEnumerable<CsvRecord> Read(string text, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        var quoted = false;
        var afterQuote = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    afterQuote = true;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                i++;
                continue;
            }

            if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                afterQuote = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                yield return new CsvRecord(recordLine, fields);
                fields = [];
                field.Clear();
                afterQuote = false;
                line++;
                recordLine = line;
            }
            else if (c == '"' && field.Length == 0 && !afterQuote)
            {
                quoted = true;
            }
            else if (afterQuote && !char.IsWhiteSpace(c))
            {
                throw new CsvFormatException(line, "Un champ entre guillemets doit être suivi du séparateur ou d’une fin de ligne.");
            }
            else if (!afterQuote)
            {
                field.Append(c);
            }

            i++;
        }

        if (quoted)
        {
            throw new CsvFormatException(recordLine, "Un guillemet ouvert n’est jamais refermé.");
        }

        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields);
        }
    }

    /// <summary>UTF-8 with BOM, CRLF line ends, fields quoted only when they need it (RFC 4180).</summary>
    public static byte[] Write(IEnumerable<IReadOnlyList<string>> rows, char separator = ';')
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(separator, row.Select(f => Quote(f, separator))).Append("\r\n");
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string field, char separator) =>
        field.Contains(separator) || field.Contains('"') || field.Contains('\n') || field.Contains('\r')
            ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : field;

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
