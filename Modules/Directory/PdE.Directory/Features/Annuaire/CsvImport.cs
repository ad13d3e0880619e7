using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using PdE.Shared.Csv;

namespace PdE.Directory.Features.Annuaire;

/// <summary>A problem in an imported file, in French, where the admin can find it. Column is null for a whole line.</summary>
internal sealed record ImportIssue(int Line, string? Column, string Message);

/// <summary>The header and the non-blank records of an uploaded CSV file, or why it could not be read.</summary>
internal sealed record CsvSheet(CsvRecord Header, IReadOnlyList<CsvRecord> Rows)
{
    /// <summary>
    /// Decodes (UTF-8 or Windows-1252), detects the separator and reads every non-blank record (<see cref="CsvFile"/>: cells
    /// an export neutralised against formulas come back as they were).
    /// </summary>
    /// <returns>Null, with the reason in <paramref name="errors"/>, when the file is empty or badly quoted.</returns>
    public static CsvSheet? Open(byte[] content, string emptyFileMessage, List<ImportIssue> errors)
    {
        var text = CsvFile.Decode(content);
        List<CsvRecord> records;
        try
        {
            records = CsvFile.Read(text, CsvFile.DetectSeparator(text)).Where(r => !r.IsBlank).ToList();
        }
        catch (CsvSyntaxException e)
        {
            errors.Add(new ImportIssue(e.Line, null, e.Message));
            return null;
        }

        if (records.Count == 0)
        {
            errors.Add(new ImportIssue(1, null, emptyFileMessage));
            return null;
        }

        return new CsvSheet(records[0], records[1..]);
    }

    /// <summary>The record has as many cells as the header; otherwise the error says so.</summary>
    public bool HasHeaderWidth(CsvRecord record, List<ImportIssue> errors)
    {
        if (record.Fields.Count == Header.Fields.Count)
        {
            return true;
        }

        errors.Add(new ImportIssue(record.Line, null, $"La ligne compte {record.Fields.Count} colonnes au lieu de {Header.Fields.Count}."));
        return false;
    }

    /// <summary>
    /// Finds the position of each known column (headers compared by <see cref="CsvHeader.Key"/>); errors for repeated and
    /// missing required ones. Headers that are not known columns are returned for the caller to resolve or refuse.
    /// </summary>
    public Dictionary<string, int> MatchColumns(
        IReadOnlyList<string> columns, IReadOnlyList<string> required, List<ImportIssue> errors, List<(int Position, string Title)> others)
    {
        var positions = new Dictionary<string, int>();
        for (var i = 0; i < Header.Fields.Count; i++)
        {
            var title = Header.Fields[i].Trim();
            var column = columns.FirstOrDefault(c => CsvHeader.Key(c) == CsvHeader.Key(title));
            if (column is null)
            {
                others.Add((i, title));
            }
            else if (!positions.TryAdd(column, i))
            {
                errors.Add(new ImportIssue(Header.Line, column, $"La colonne « {column} » apparaît plusieurs fois."));
            }
        }

        foreach (var missing in required.Where(c => !positions.ContainsKey(c)))
        {
            errors.Add(new ImportIssue(Header.Line, missing, $"La colonne obligatoire « {missing} » manque."));
        }

        return positions;
    }

    public static ImportIssue UnknownColumn(int line, string title, IEnumerable<string> columns) =>
        new(line, title, $"Colonne inconnue « {title} » : les colonnes attendues sont {string.Join(", ", columns.Select(c => $"« {c} »"))}.");

    /// <summary>The "Institution" cell, when there is one, must name the institution the file is imported into.</summary>
    public static ImportIssue? OtherInstitution(int line, string column, string cell, string institutionName, string institutionSlug) =>
        cell.Length > 0 && CsvHeader.Key(cell) != CsvHeader.Key(institutionName) && CsvHeader.Key(cell) != CsvHeader.Key(institutionSlug)
            ? new ImportIssue(line, column, $"« {cell} » n’est pas {institutionName} : importez ce fichier depuis la page de son institution.")
            : null;
}

internal static partial class CsvHeader
{
    /// <summary>
    /// Trimmed, lower case, without accents, one kind of apostrophe, no spaces around ':': « Échelon », "echelon " and
    /// "ECHELON" are the same header, and so are "Email de l’équipe" and "email de l'equipe".
    /// </summary>
    public static string Key(string value)
    {
        if (value.All(c => char.IsAscii(c) && c != ':'))
        {
            return value.Trim().ToLowerInvariant();
        }

        var decomposed = value.Trim().Replace('’', '\'').Normalize(NormalizationForm.FormD);
        var kept = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return AroundColon().Replace(string.Concat(kept).Normalize(NormalizationForm.FormC).ToLowerInvariant(), ":");
    }

    [GeneratedRegex(@"\s*:\s*")]
    private static partial Regex AroundColon();
}

/// <summary>The uploaded file as an import page sees it, for its validator.</summary>
internal sealed record CsvUpload(string? FileName, long Length);

internal sealed class CsvUploadValidator : AbstractValidator<CsvUpload>
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public CsvUploadValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(u => u.Length)
            .GreaterThan(0).WithMessage("Choisissez un fichier CSV non vide.")
            .LessThanOrEqualTo(MaxBytes).WithMessage("Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers.");
        RuleFor(u => u.FileName)
            .Must(n => n is not null && n.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            .WithMessage("Choisissez un fichier au format CSV (.csv).");
    }
}

/// <summary>
/// A previewed file carried between the preview and the apply posts in a hidden field: compressed and protected by
/// ASP.NET Core data protection (encrypted and authenticated, bound to one import and institution, valid 2 hours).
/// The admin cannot alter it without the apply refusing it, and nothing is kept on the server.
/// </summary>
internal static class ImportToken
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public static string Protect(IDataProtectionProvider provider, string purpose, string slug, byte[] content) =>
        Convert.ToBase64String(Protector(provider, purpose, slug).Protect(Compress(content), Lifetime));

    /// <returns>Null when the token is expired, altered or not one of this import.</returns>
    public static byte[]? Unprotect(IDataProtectionProvider provider, string purpose, string slug, string? token)
    {
        try
        {
            return Decompress(Protector(provider, purpose, slug).Unprotect(Convert.FromBase64String(token ?? "")));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    public const string Expired = "Cet aperçu a expiré ou a été modifié : importez le fichier de nouveau.";

    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider provider, string purpose, string slug) =>
        provider.CreateProtector(purpose, slug).ToTimeLimitedDataProtector();

    private static byte[] Compress(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}

/// <summary>The model of the _CsvUploadForm partial: the input's label and the upload's error, if any.</summary>
internal sealed record CsvUploadForm(string Label, string? Error);

/// <summary>The name of the institution an import page is for; null for an unknown one.</summary>
internal sealed record FindInstitutionNameQuery(string Slug) : IQuery<string?>;

internal sealed class FindInstitutionNameHandler(NpgsqlDataSource dataSource) : IQueryHandler<FindInstitutionNameQuery, string?>
{
    public async ValueTask<string?> Handle(FindInstitutionNameQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select name from directory.institution where slug = @Slug and deleted_at is null", new { query.Slug }, cancellationToken: cancellationToken));
    }
}

/// <summary>The institution a file is imported into.</summary>
internal sealed record ImportedInstitution(Guid Id, string Name)
{
    /// <summary>
    /// The institution of this slug, or null. Within an apply's transaction it is locked, so that two imports for the same
    /// institution wait for each other; a preview (no transaction) locks nothing.
    /// </summary>
    public static Task<ImportedInstitution?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string slug, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ImportedInstitution>(new CommandDefinition(
            "select id, name from directory.institution where slug = @slug and deleted_at is null" + (transaction is null ? "" : " for update"),
            new { slug }, transaction, cancellationToken: cancellationToken));
}
