using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using PdE.Shared.Migrations;

namespace PdE.Directory.Features.ReferenceData;

/// <summary>
/// Loads the French reference data embedded from Modules/Directory/ReferenceData (régions, départements, EPCI, communes,
/// NAF codes) in every environment, at every start. When every file's hash is already stored it costs one query;
/// otherwise the changed datasets are copied in and merged into their tables, all of them in one transaction.
/// </summary>
internal sealed class ReferenceDataLoader(NpgsqlDataSource dataSource, ILogger<ReferenceDataLoader> logger) : IReferenceDataLoader
{
    // Part of the stored hash: bump it when the loading itself changes (a new column...) so that every dataset reloads once.
    private const string LoaderVersion = "1";

    // Arbitrary but fixed, and not the migration lock: hosts starting together load one after the other.
    private const long LoadLockKey = 0x50644500_52454644;

    private const string SelectHashes = "select dataset, content_hash from directory.reference_data_load";

    private const string LockLoad = "select pg_advisory_xact_lock(@LoadLockKey)";

    private const string StoreHash = """
        insert into directory.reference_data_load (dataset, content_hash, loaded_at)
        values (@Dataset, @ContentHash, now())
        on conflict (dataset) do update set content_hash = excluded.content_hash, loaded_at = excluded.loaded_at
        """;

    private static readonly Dataset[] Datasets =
    [
        new("regions", "directory.region", [new("code"), new("name"), new("zone")]),
        new("departements", "directory.departement", [new("code"), new("name"), new("region_code"), new("zone")]),
        new("epci", "directory.epci", [new("code"), new("name"), new("kind")]),
        new("communes", "directory.commune",
        [
            new("code"), new("name"), new("departement_code"), new("region_code"), new("epci_code", ColumnKind.OptionalText),
            new("postal_codes", ColumnKind.TextList), new("kind"), new("parent_code", ColumnKind.OptionalText),
        ]),
        new("naf", "directory.naf_code",
            [new("code"), new("label"), new("level"), new("section_code"), new("parent_code", ColumnKind.OptionalText)]),
    ];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var files = Datasets.Select(dataset => new EmbeddedFile(dataset, ReadResource(dataset))).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (Stale(files, await StoredHashesAsync(connection, null)).Count == 0)
        {
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(LockLoad, new { LoadLockKey }, transaction);
        // Read again under the lock: another host may have loaded them while this one waited.
        foreach (var file in Stale(files, await StoredHashesAsync(connection, transaction)))
        {
            await LoadDatasetAsync(connection, transaction, file, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static List<EmbeddedFile> Stale(List<EmbeddedFile> files, Dictionary<string, string> storedHashes) =>
        files.Where(file => storedHashes.GetValueOrDefault(file.Dataset.Name) != file.Hash).ToList();

    private static async Task<Dictionary<string, string>> StoredHashesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var rows = await connection.QueryAsync<(string Dataset, string ContentHash)>(SelectHashes, transaction: transaction);
        return rows.ToDictionary(row => row.Dataset, row => row.ContentHash, StringComparer.Ordinal);
    }

    private async Task LoadDatasetAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EmbeddedFile file, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var dataset = file.Dataset;
        await connection.ExecuteAsync(dataset.CreateIncomingSql, transaction: transaction);
        var rows = await CopyAsync(connection, file, cancellationToken);
        var merged = await connection.ExecuteAsync(dataset.MergeSql, transaction: transaction);
        // No foreign key points here: antenne and expert coverage keep plain INSEE codes. A commune merged away by INSEE
        // leaves its old code in those lists, where it matches no establishment any more; remapping old codes is to do.
        var deleted = await connection.ExecuteAsync(dataset.DeleteMissingSql, transaction: transaction);
        await connection.ExecuteAsync(StoreHash, new { Dataset = dataset.Name, ContentHash = file.Hash }, transaction);
        logger.LogInformation(
            "Reference data {Dataset} loaded in {ElapsedMs} ms: {Rows} rows, {Merged} inserted or updated, {Deleted} deleted",
            dataset.Name, stopwatch.ElapsedMilliseconds, rows, merged, deleted);
    }

    private static async Task<int> CopyAsync(NpgsqlConnection connection, EmbeddedFile file, CancellationToken cancellationToken)
    {
        var dataset = file.Dataset;
        using var reader = new StreamReader(new GZipStream(new MemoryStream(file.Content), CompressionMode.Decompress), Encoding.UTF8);
        if (reader.ReadLine() != dataset.Header)
        {
            throw new InvalidOperationException(
                $"Reference data file {dataset.ResourceName} does not start with the columns '{dataset.Header}': rerun refresh.sh or fix the loader.");
        }

        var rows = 0;
        await using var importer = await connection.BeginBinaryImportAsync(dataset.CopySql, cancellationToken);
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length != dataset.Columns.Length)
            {
                throw new InvalidOperationException($"Reference data file {dataset.ResourceName}, line {rows + 2}: {fields.Length} fields instead of {dataset.Columns.Length}.");
            }

            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < fields.Length; i++)
            {
                await WriteAsync(importer, dataset.Columns[i].Kind, fields[i], cancellationToken);
            }

            rows++;
        }

        await importer.CompleteAsync(cancellationToken);
        return rows;
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, ColumnKind kind, string value, CancellationToken cancellationToken) =>
        kind switch
        {
            ColumnKind.OptionalText when value.Length == 0 => importer.WriteNullAsync(cancellationToken),
            ColumnKind.TextList => importer.WriteAsync(
                value.Length == 0 ? [] : value.Split(' '), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken),
            _ => importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken),
        };

    private static byte[] ReadResource(Dataset dataset)
    {
        using var stream = typeof(ReferenceDataLoader).Assembly.GetManifestResourceStream(dataset.ResourceName)
            ?? throw new InvalidOperationException($"Reference data file {dataset.ResourceName} is not embedded in PdE.Directory.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private sealed record EmbeddedFile(Dataset Dataset, byte[] Content)
    {
        public string Hash { get; } = $"{LoaderVersion}:{Convert.ToHexStringLower(SHA256.HashData(Content))}";
    }

    private enum ColumnKind
    {
        Text,
        OptionalText,
        TextList,
    }

    private sealed record Column(string Name, ColumnKind Kind = ColumnKind.Text);

    /// <summary>
    /// One file and its table, keyed by code. The statements are built from these constant names rather than written
    /// out five times; the columns are listed in the file's order, which its header line must repeat.
    /// </summary>
    private sealed record Dataset(string Name, string Table, Column[] Columns)
    {
        public string ResourceName => $"PdE.Directory.ReferenceData.{Name}.tsv.gz";

        public string Header => string.Join('\t', Columns.Select(c => c.Name));

        private string Incoming => $"incoming_{Name}";

        private string ColumnList => string.Join(", ", Columns.Select(c => c.Name));

        private IEnumerable<string> NonKeyColumns => Columns.Skip(1).Select(c => c.Name);

        public string CreateIncomingSql => $"create temp table {Incoming} (like {Table}) on commit drop";

        public string CopySql => $"copy {Incoming} ({ColumnList}) from stdin (format binary)";

        // The where clause leaves unchanged rows alone: a yearly refresh rewrites hundreds of communes, not 35,000.
        public string MergeSql => $"""
            insert into {Table} as target ({ColumnList})
            select {ColumnList} from {Incoming}
            on conflict (code) do update set {string.Join(", ", NonKeyColumns.Select(c => $"{c} = excluded.{c}"))}
            where ({string.Join(", ", NonKeyColumns.Select(c => $"target.{c}"))})
                is distinct from ({string.Join(", ", NonKeyColumns.Select(c => $"excluded.{c}"))})
            """;

        public string DeleteMissingSql => $"delete from {Table} as target where not exists (select from {Incoming} as incoming where incoming.code = target.code)";
    }
}
