using System.Globalization;
using System.Text;
using PdE.Directory.Csv;
using PdE.Directory.Data;

namespace PdE.Directory.Features.ImportAntennes;

/// <summary>A problem in the file, in French, where the admin can find it. Column is null for a whole line.</summary>
internal sealed record ImportIssue(int Line, string? Column, string Message);

/// <summary>One antenne line of the file, normalised: territorial level as stored, commune codes 5 characters, distinct, sorted.</summary>
internal sealed record AntenneLine(int Line, string Name, string TerritorialLevel, IReadOnlyList<string> CommuneCodes);

internal sealed record ParsedAntennesFile(IReadOnlyList<AntenneLine> Lines, IReadOnlyList<ImportIssue> Errors, IReadOnlyList<ImportIssue> Warnings);

/// <summary>
/// Reads an antennes CSV without the database: encoding, separator, header, then each line. Commune codes are only
/// checked for shape here; whether they exist is the planner's job (<see cref="AntennesImportPlanner"/>).
/// </summary>
internal static class AntennesFile
{
    public const string InstitutionColumn = "Institution";
    public const string NameColumn = "Nom";
    public const string LevelColumn = "Échelon";
    public const string CommunesColumn = "Codes communes";

    private static readonly string[] Columns = [InstitutionColumn, NameColumn, LevelColumn, CommunesColumn];
    private static readonly string[] Required = [NameColumn, LevelColumn, CommunesColumn];

    public static ParsedAntennesFile Parse(byte[] content, string institutionName, string institutionSlug)
    {
        var text = CsvText.Decode(content);
        var errors = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        List<CsvRecord> records;
        try
        {
            records = CsvText.Read(text, CsvText.DetectSeparator(text)).Where(r => !r.IsBlank).ToList();
        }
        catch (CsvFormatException e)
        {
            return new ParsedAntennesFile([], [new ImportIssue(e.Line, null, e.Message)], []);
        }

        if (records.Count == 0)
        {
            return new ParsedAntennesFile([], [new ImportIssue(1, null, "Le fichier est vide : la première ligne doit nommer les colonnes « Nom », « Échelon » et « Codes communes ».")], []);
        }

        var header = records[0];
        var positions = new Dictionary<string, int>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var title = header.Fields[i].Trim();
            var column = Columns.FirstOrDefault(c => Key(c) == Key(title));
            if (column is null)
            {
                errors.Add(new ImportIssue(header.Line, title, $"Colonne inconnue « {title} » : les colonnes attendues sont {string.Join(", ", Columns.Select(c => $"« {c} »"))}."));
            }
            else if (!positions.TryAdd(column, i))
            {
                errors.Add(new ImportIssue(header.Line, column, $"La colonne « {column} » apparaît plusieurs fois."));
            }
        }

        foreach (var missing in Required.Where(c => !positions.ContainsKey(c)))
        {
            errors.Add(new ImportIssue(header.Line, missing, $"La colonne obligatoire « {missing} » manque."));
        }

        if (errors.Count > 0)
        {
            return new ParsedAntennesFile([], errors, []);
        }

        var lines = new List<AntenneLine>();
        var firstLineOfName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Fields.Count)
            {
                errors.Add(new ImportIssue(record.Line, null, $"La ligne compte {record.Fields.Count} colonnes au lieu de {header.Fields.Count}."));
                continue;
            }

            string Cell(string column) => record.Fields[positions[column]].Trim();
            var lineErrors = errors.Count;

            if (positions.ContainsKey(InstitutionColumn))
            {
                var institution = Cell(InstitutionColumn);
                if (institution.Length > 0 && Key(institution) != Key(institutionName) && Key(institution) != Key(institutionSlug))
                {
                    errors.Add(new ImportIssue(record.Line, InstitutionColumn, $"« {institution} » n’est pas {institutionName} : importez ce fichier depuis la page de son institution."));
                }
            }

            var name = Cell(NameColumn);
            if (name.Length == 0)
            {
                errors.Add(new ImportIssue(record.Line, NameColumn, "Le nom de l’antenne est vide."));
            }
            else if (name.Length > 200)
            {
                errors.Add(new ImportIssue(record.Line, NameColumn, "Le nom de l’antenne ne doit pas dépasser 200 caractères."));
            }
            else if (firstLineOfName.TryGetValue(name, out var first))
            {
                errors.Add(new ImportIssue(record.Line, NameColumn, $"L’antenne « {name} » figure déjà ligne {first}."));
            }
            else
            {
                firstLineOfName[name] = record.Line;
            }

            var level = Level(Cell(LevelColumn));
            if (level is null)
            {
                errors.Add(new ImportIssue(record.Line, LevelColumn, $"Échelon inconnu « {Cell(LevelColumn)} » : indiquez « locale », « régionale » ou « nationale »."));
            }

            var communes = CommuneCodeList.Parse(Cell(CommunesColumn));
            warnings.AddRange(communes.Warnings.Select(warning => new ImportIssue(record.Line, CommunesColumn, warning)));
            errors.AddRange(communes.Errors.Select(error => new ImportIssue(record.Line, CommunesColumn, error)));

            if (errors.Count == lineErrors)
            {
                lines.Add(new AntenneLine(record.Line, name, level!, communes.Codes));
            }
        }

        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add(new ImportIssue(header.Line, null, "Le fichier ne contient aucune antenne après la ligne des colonnes."));
        }

        return new ParsedAntennesFile(lines, errors, warnings);
    }

    /// <summary>The stored territorial level for what an admin may type: « Régionale », "regional", "REGIONALE"…</summary>
    private static string? Level(string value) => Key(value) switch
    {
        "locale" or "local" => "local",
        "regionale" or "regional" => "regional",
        "nationale" or "national" => "national",
        _ => null,
    };

    /// <summary>Trimmed, lower case, without accents: « Échelon », "echelon " and "ECHELON" are the same header.</summary>
    internal static string Key(string value)
    {
        var decomposed = value.Trim().Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return string.Concat(kept).Normalize(NormalizationForm.FormC).ToLowerInvariant();
    }
}
