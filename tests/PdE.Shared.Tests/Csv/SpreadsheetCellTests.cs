using PdE.Shared.Csv;

namespace PdE.Shared.Tests.Csv;

/// <summary>The OWASP CSV injection rule of every export, and its exact undoing on import.</summary>
public sealed class SpreadsheetCellTests
{
    [TestCase("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [TestCase("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("-Marie", "'-Marie")]
    [TestCase("+33 1 23 45 67 89", "'+33 1 23 45 67 89")]
    [TestCase("\tSUM(A1)", "'\tSUM(A1)")]
    [TestCase("\rSUM(A1)", "'\rSUM(A1)")]
    [TestCase("-", "'-")]
    [TestCase("1-", "1-")]
    [TestCase("'=x", "''=x")]
    [TestCase("''-3", "'''-3")]
    public void Puts_a_quote_before_a_cell_a_spreadsheet_would_run_as_a_formula(string value, string written)
    {
        Assert.That(SpreadsheetCell.Neutralise(value), Is.EqualTo(written));
        Assert.That(SpreadsheetCell.Restore(written), Is.EqualTo(value));
    }

    [TestCase("-3")]
    [TestCase("+12")]
    [TestCase("-12,5")]
    [TestCase("+0.25")]
    [TestCase("Marie-Claire")]
    [TestCase("01 23 45 67 89")]
    [TestCase("x")]
    [TestCase("")]
    [TestCase("'")]
    [TestCase("'x")]
    [TestCase(" =1+1")]
    public void Leaves_plain_numbers_and_ordinary_text_as_they_are(string value)
    {
        Assert.That(SpreadsheetCell.Neutralise(value), Is.EqualTo(value));
        Assert.That(SpreadsheetCell.Restore(value), Is.EqualTo(value));
    }

    [TestCase("-1.")]
    [TestCase("+1,2,3")]
    [TestCase("-1e5")]
    [TestCase("+-1")]
    public void A_sign_before_anything_but_a_plain_number_is_neutralised(string value) =>
        Assert.That(SpreadsheetCell.Neutralise(value), Is.EqualTo("'" + value));

    [Test]
    public void Restore_undoes_neutralise_for_every_value()
    {
        string[] values = ["", "'", "''", "-", "'-", "''-", "-3", "'-3", "=", "'=", "'=1", "@", "x'=", "'x", "\t", "'\r", "+", "++1", "-0", "'+0,5"];

        Assert.That(values.Select(v => SpreadsheetCell.Restore(SpreadsheetCell.Neutralise(v))), Is.EqualTo(values));
    }

    [Test]
    public void A_quote_a_person_typed_before_a_formula_character_is_read_as_a_spreadsheet_shows_it() =>
        Assert.That(SpreadsheetCell.Restore("'-Marie"), Is.EqualTo("-Marie"));
}
