namespace PdE.Shared.Csv;

/// <summary>
/// Keeps a cell the site writes into a CSV file from being run as a formula when a spreadsheet opens it (CSV or formula
/// injection, OWASP). Every CSV export calls <see cref="Neutralise"/> on every cell, headers included (<see cref="CsvFile.Write"/>
/// and <see cref="CsvFile.OpenWriter"/> do it). An XLSX export writes typed cells instead, text as text and never a formula
/// (the statistics' exports, with MiniExcel), where a quote in front would show. Every import calls <see cref="Restore"/> (<see cref="CsvFile.Read"/> does it), so an export read back gives the
/// same values.
/// </summary>
/// <remarks>
/// The rule (a single quote, which spreadsheets read as "this cell is text", is put in front):
/// <list type="bullet">
/// <item>a cell that starts with <c>=</c>, <c>@</c>, a tab or a carriage return;</item>
/// <item>a cell that starts with <c>+</c> or <c>-</c>, unless the whole cell is strictly a number: an optional sign, digits,
/// and at most one decimal separator (<c>.</c> or <c>,</c>) followed by digits (<c>-3</c>, <c>+12,5</c> stay as they are;
/// <c>-2+3</c>, <c>+33 1 23 45 67 89</c> and <c>-Marie</c> get the quote, as OWASP recommends for anything not plainly
/// numeric);</item>
/// <item>a cell that starts with one or more single quotes followed by one of those characters (<c>'=x</c> becomes
/// <c>''=x</c>), so that <see cref="Restore"/> can tell an added quote from one the value had.</item>
/// </list>
/// <see cref="Restore"/> removes one leading quote when it is followed by more quotes and then one of the formula characters
/// (<c>= @ + -</c>, tab, CR), whatever follows: <c>Restore(Neutralise(x)) == x</c> for every <c>x</c>. A cell a person typed
/// as <c>'-Marie</c> in a file of their own is read as <c>-Marie</c>, as a spreadsheet shows it.
/// </remarks>
public static class SpreadsheetCell
{
    /// <summary>The value, with a leading single quote when a spreadsheet could take it for a formula (see the remarks).</summary>
    public static string Neutralise(string value)
    {
        var first = FirstAfterQuotes(value);
        if (first < 0)
        {
            return value;
        }

        var formula = first > 0 || value[0] switch
        {
            '=' or '@' or '\t' or '\r' => true,
            '+' or '-' => !IsStrictNumber(value),
            _ => false,
        };
        return formula ? "'" + value : value;
    }

    /// <summary>The value without the quote <see cref="Neutralise"/> would have added, if it holds one.</summary>
    public static string Restore(string value) =>
        value.Length > 0 && value[0] == '\'' && FirstAfterQuotes(value) > 0 ? value[1..] : value;

    /// <returns>The position of the first character after the leading single quotes when it is a formula character; else -1.</returns>
    private static int FirstAfterQuotes(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] == '\'')
        {
            i++;
        }

        return i < value.Length && value[i] is '=' or '@' or '+' or '-' or '\t' or '\r' ? i : -1;
    }

    private static bool IsStrictNumber(string value)
    {
        var i = value[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        for (; i < value.Length && char.IsAsciiDigit(value[i]); i++)
        {
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < value.Length && value[i] is '.' or ',')
        {
            i++;
            var decimals = 0;
            for (; i < value.Length && char.IsAsciiDigit(value[i]); i++)
            {
                decimals++;
            }

            if (decimals == 0)
            {
                return false;
            }
        }

        return i == value.Length;
    }
}
