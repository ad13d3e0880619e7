using System.Text;
using PdE.Directory.Features.Annuaire;
using PdE.Directory.Features.Annuaire.ImportAntennes;
using PdE.Shared.Csv;

namespace PdE.Directory.Tests.ImportAntennes;

/// <summary>The CSV reader and the antennes file parser, without the database.</summary>
public sealed class AntennesFileTests
{
    private const string Institution = "CCI";

    [Test]
    public void Reads_utf8_with_bom_and_semicolons()
    {
        var file = Parse([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("Institution;Nom;Échelon;Codes communes\r\nCCI;Antenne Été;régionale;75056 69123\r\n")]);

        Assert.That(file.Errors, Is.Empty);
        Assert.That(file.Lines.Single(), Is.EqualTo(new AntenneLine(2, "Antenne Été", "regional", ["69123", "75056"])).Using<AntenneLine>(SameLine));
    }

    [Test]
    public void Reads_utf8_without_bom_and_commas()
    {
        var file = Parse(Encoding.UTF8.GetBytes("Nom,Échelon,Codes communes\nAntenne Été,locale,\"75056 69123\"\n"));

        Assert.That(file.Errors, Is.Empty);
        Assert.That((file.Lines.Single().Name, file.Lines.Single().CommuneCodes.Count), Is.EqualTo(("Antenne Été", 2)));
    }

    [Test]
    public void Reads_windows_1252_when_the_file_is_not_utf8()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1252).GetBytes("Nom;Échelon;Codes communes\r\nAntenne Été – œuvre;nationale;75056\r\n");

        var file = Parse(bytes);

        Assert.That(file.Errors, Is.Empty);
        Assert.That((file.Lines.Single().Name, file.Lines.Single().TerritorialLevel), Is.EqualTo(("Antenne Été – œuvre", "national")));
    }

    [Test]
    public void Matches_headers_trimmed_whatever_the_case_and_accents_in_any_order()
    {
        var file = Parse(" codes COMMUNES ; ECHELON ;nom\n75056;Regionale;Paris\n");

        Assert.That(file.Errors, Is.Empty);
        Assert.That((file.Lines.Single().Name, file.Lines.Single().TerritorialLevel), Is.EqualTo(("Paris", "regional")));
    }

    [Test]
    public void Keeps_separators_quotes_and_line_breaks_inside_quoted_fields()
    {
        var file = Parse("Nom;Échelon;Codes communes\n\"Paris; \"\"centre\"\"\nest\";locale;75056\nLyon;locale;69123\n");

        Assert.That(file.Errors, Is.Empty);
        Assert.That(file.Lines.Select(l => (l.Line, l.Name)), Is.EqualTo(new[] { (2, "Paris; \"centre\"\nest"), (4, "Lyon") }));
    }

    [Test]
    public void Skips_blank_lines_and_empty_rows_but_keeps_line_numbers()
    {
        var file = Parse("Nom;Échelon;Codes communes\n\n;;\nLyon;locale;69123\n   \n");

        Assert.That(file.Errors, Is.Empty);
        Assert.That(file.Lines.Single().Line, Is.EqualTo(4));
    }

    [Test]
    public void Puts_back_the_leading_zero_of_a_4_digit_code_and_says_so()
    {
        var file = Parse("Nom;Échelon;Codes communes\nAin;locale;1004 01053 1004\n");

        Assert.That(file.Errors, Is.Empty);
        Assert.That(file.Lines.Single().CommuneCodes, Is.EqualTo(new[] { "01004", "01053" }));
        Assert.That(file.Warnings[0], Is.EqualTo(new ImportIssue(2, "Codes communes", "Le code « 1004 » a 4 chiffres : il est lu « 01004 ».")));
    }

    [TestCase("Nom;Échelon;Codes communes;Couleur\n", 1, "Couleur", "Colonne inconnue « Couleur » : les colonnes attendues sont « Institution », « Nom », « Échelon », « Codes communes ».")]
    [TestCase("Nom;Codes communes\n", 1, "Échelon", "La colonne obligatoire « Échelon » manque.")]
    [TestCase("Nom;Nom;Échelon;Codes communes\n", 1, "Nom", "La colonne « Nom » apparaît plusieurs fois.")]
    [TestCase("Nom;Échelon;Codes communes\n;locale;75056\n", 2, "Nom", "Le nom de l’antenne est vide.")]
    [TestCase("Nom;Échelon;Codes communes\nParis;départementale;75056\n", 2, "Échelon", "Échelon inconnu « départementale » : indiquez « locale », « régionale » ou « nationale ».")]
    [TestCase("Nom;Échelon;Codes communes\nParis;locale;75056\n\nparis;locale;75056\n", 4, "Nom", "L’antenne « paris » figure déjà ligne 2.")]
    [TestCase("Nom;Échelon;Codes communes\nParis;locale;750\n", 2, "Codes communes", "« 750 » n’est pas un code commune INSEE (5 caractères, par exemple 75056 ou 2A004).")]
    [TestCase("Nom;Échelon;Codes communes\nParis;locale\n", 2, null, "La ligne compte 2 colonnes au lieu de 3.")]
    [TestCase("Institution;Nom;Échelon;Codes communes\nBpifrance;Paris;locale;75056\n", 2, "Institution", "« Bpifrance » n’est pas CCI : importez ce fichier depuis la page de son institution.")]
    [TestCase("Nom;Échelon;Codes communes\n\"Paris;locale;75056\n", 2, null, "Un guillemet ouvert n’est jamais refermé.")]
    [TestCase("Nom;Échelon;Codes communes\n", 1, null, "Le fichier ne contient aucune antenne après la ligne des colonnes.")]
    [TestCase("\n\n", 1, null, "Le fichier est vide : la première ligne doit nommer les colonnes « Nom », « Échelon » et « Codes communes ».")]
    public void Reports_each_error_in_french_with_its_line_and_column(string csv, int line, string? column, string message)
    {
        var file = Parse(csv);

        Assert.That(file.Errors, Does.Contain(new ImportIssue(line, column, message)));
        Assert.That(file.Lines.Where(l => l.Line == line), Is.Empty, "a line with an error is not planned");
    }

    [Test]
    public void Accepts_the_institution_column_with_its_name_its_slug_or_nothing()
    {
        var file = Parse("Institution;Nom;Échelon;Codes communes\ncci;A;locale;75056\n;B;locale;75056\n C C I ;C;locale;75056\n");

        Assert.That(file.Errors.Select(e => e.Line), Is.EqualTo(new[] { 4 }));
        Assert.That(file.Lines.Select(l => l.Name), Is.EqualTo(new[] { "A", "B" }));
    }

    [Test]
    public void Writes_what_it_reads_back()
    {
        string[][] rows = [["Nom", "Échelon"], ["Paris; \"centre\"", "locale"], ["Lyon", ""]];

        var bytes = CsvFile.Write(rows);
        var text = CsvFile.Decode(bytes);

        Assert.That(bytes[..3], Is.EqualTo(Encoding.UTF8.Preamble.ToArray()), "BOM, for Excel");
        Assert.That(text, Does.StartWith("Nom;Échelon\r\n\"Paris; \"\"centre\"\"\";locale\r\n"));
        Assert.That(CsvFile.Read(text, CsvFile.DetectSeparator(text)).Select(r => r.Fields), Is.EqualTo(rows));
    }

    private static ParsedAntennesFile Parse(string csv) => Parse(Encoding.UTF8.GetBytes(csv));

    private static ParsedAntennesFile Parse(byte[] bytes) => AntennesFile.Parse(bytes, Institution, "cci");

    private static bool SameLine(AntenneLine a, AntenneLine b) =>
        (a.Line, a.Name, a.TerritorialLevel) == (b.Line, b.Name, b.TerritorialLevel) && a.CommuneCodes.SequenceEqual(b.CommuneCodes);
}
