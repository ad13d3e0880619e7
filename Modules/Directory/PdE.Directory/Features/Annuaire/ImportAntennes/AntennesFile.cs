
namespace PdE.Directory.Features.Annuaire.ImportAntennes;

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
        var errors = new List<ImportIssue>();
        var warnings = new List<ImportIssue>();
        var sheet = CsvSheet.Open(content, "Le fichier est vide : la première ligne doit nommer les colonnes « Nom », « Échelon » et « Codes communes ».", errors);
        if (sheet is null)
        {
            return new ParsedAntennesFile([], errors, []);
        }

        var header = sheet.Header;
        var unknown = new List<(int Position, string Title)>();
        var positions = sheet.MatchColumns(Columns, Required, errors, unknown);
        errors.InsertRange(0, unknown.Select(u => CsvSheet.UnknownColumn(header.Line, u.Title, Columns)));
        if (errors.Count > 0)
        {
            return new ParsedAntennesFile([], errors, []);
        }

        var lines = new List<AntenneLine>();
        var firstLineOfName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in sheet.Rows)
        {
            if (!sheet.HasHeaderWidth(record, errors))
            {
                continue;
            }

            string Cell(string column) => record.Fields[positions[column]].Trim();
            var lineErrors = errors.Count;

            if (positions.ContainsKey(InstitutionColumn))
            {
                if (CsvSheet.OtherInstitution(record.Line, InstitutionColumn, Cell(InstitutionColumn), institutionName, institutionSlug) is { } other)
                {
                    errors.Add(other);
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
    private static string? Level(string value) => CsvHeader.Key(value) switch
    {
        "locale" or "local" => "local",
        "regionale" or "regional" => "regional",
        "nationale" or "national" => "national",
        _ => null,
    };
}
