using System.Diagnostics;
using System.Text;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Annuaire;
using PdE.Directory.Features.Annuaire.ExportAntennes;
using PdE.Directory.Features.Annuaire.ImportAntennes;

namespace PdE.Directory.Tests.ImportAntennes;

/// <summary>Export, dry run and apply against the demo directory (real communes).</summary>
public sealed class ImportAntennesTests
{
    private const string Header = "Institution;Nom;Échelon;Codes communes\n";
    private const string Cci = "Chambre de commerce et d’industrie (CCI)";

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Exports_the_antennes_with_sorted_commune_codes_in_utf8_with_bom()
    {
        var bytes = await SendAsync(new ExportAntennesQuery("cci"));

        Assert.That(bytes![..3], Is.EqualTo(Encoding.UTF8.Preamble.ToArray()));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.That(lines[0], Is.EqualTo("Institution;Nom;Échelon;Codes communes"));
        var paris = lines[1].Split(';');
        Assert.That(paris[..3], Is.EqualTo(new[] { Cci, "CCI Paris Île-de-France", "régionale" }));
        Assert.That(paris[3].Split(' '), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal).And.Contains("75056").And.Contains("92012"));
        Assert.That(lines[2], Does.StartWith($"{Cci};CCI Lyon Métropole Saint-Étienne Roanne;locale;"));
        Assert.That(lines[3], Is.Empty, "CRLF after the last line");
        Assert.That(await SendAsync(new ExportAntennesQuery("inconnue")), Is.Null);
    }

    [Test]
    public async Task Exporting_then_importing_the_same_file_changes_nothing()
    {
        var before = await SnapshotAsync();
        var bytes = (await SendAsync(new ExportAntennesQuery("cci")))!;

        var preview = (await SendAsync(new PreviewAntennesImportQuery("cci", bytes)))!;
        var applied = (await SendAsync(new ApplyAntennesImportCommand("cci", bytes)))!;

        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.Antennes.Select(a => a.Change), Is.EqualTo(new[] { AntenneChange.Unchanged, AntenneChange.Unchanged }));
        Assert.That(applied.CanApply, Is.True);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Exports_names_a_spreadsheet_would_run_as_formulas_as_text_and_reads_them_back_unchanged()
    {
        string[] names = ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3"];
        var csv = "Nom;Échelon;Codes communes\n" + string.Concat(names.Select(n => $"\"{n.Replace("\"", "\"\"", StringComparison.Ordinal)}\";locale;75056\n"));
        Assert.That((await SendAsync(new ApplyAntennesImportCommand("cci", Encoding.UTF8.GetBytes(csv))))!.Errors, Is.Empty);
        var before = await SnapshotAsync();

        var bytes = (await SendAsync(new ExportAntennesQuery("cci")))!;
        var preview = (await SendAsync(new PreviewAntennesImportQuery("cci", bytes)))!;
        await SendAsync(new ApplyAntennesImportCommand("cci", bytes));

        var exported = Encoding.UTF8.GetString(bytes[3..]);
        Assert.That(exported, Does.Contain($"{Cci};\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";locale;75056\r\n"));
        Assert.That(exported, Does.Contain($"{Cci};'@SUM(A1);locale;75056\r\n"));
        Assert.That(exported, Does.Contain($"{Cci};'+cmd|' /C calc'!A0;locale;75056\r\n"));
        Assert.That(exported, Does.Contain($"{Cci};'-2+3;locale;75056\r\n"));
        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.Antennes.Where(a => names.Contains(a.Name)).Select(a => a.Change), Is.EqualTo(Enumerable.Repeat(AntenneChange.Unchanged, 4)));
        Assert.That(preview.Antennes.Select(a => a.Change), Has.All.EqualTo(AntenneChange.Unchanged));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Previews_what_each_line_will_do_without_writing_anything()
    {
        var before = await SnapshotAsync();
        var csv = Header
            + $"{Cci};cci paris île-de-france;régionale;75056\n"          // same antenne, other case: communes replaced
            + "cci;CCI Lyon Métropole Saint-Étienne Roanne;locale;" + await ExportedCommunesAsync("CCI Lyon Métropole Saint-Étienne Roanne") + "\n"
            + ";CCI Ain;locale;1004 01053\n";

        var preview = (await SendAsync(new PreviewAntennesImportQuery("cci", Encoding.UTF8.GetBytes(csv))))!;

        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.Antennes.Select(a => (a.Line, a.Name, a.Communes, a.Change)), Is.EqualTo(new[]
        {
            (2, "cci paris île-de-france", 1, AntenneChange.Updated),
            (3, "CCI Lyon Métropole Saint-Étienne Roanne", preview.Antennes[1].Communes, AntenneChange.Unchanged),
            (4, "CCI Ain", 2, AntenneChange.Created),
        }));
        Assert.That(preview.Antennes[1].Communes, Is.GreaterThan(100));
        Assert.That(preview.Warnings.Single().Line, Is.EqualTo(4));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before), "a dry run writes nothing");
    }

    [Test]
    public async Task Applies_creations_and_updates_and_replaces_communes()
    {
        var csv = Header + $"{Cci};cci paris île-de-france;locale;75056 75101\n;CCI Ain;nationale;1004\n";

        var applied = (await SendAsync(new ApplyAntennesImportCommand("cci", Encoding.UTF8.GetBytes(csv))))!;

        Assert.That(applied.CanApply, Is.True);
        var after = await SnapshotAsync();
        Assert.That(after, Does.Contain("cci paris île-de-france|local|75056 75101"));
        Assert.That(after, Does.Contain("CCI Ain|national|01004"));
        Assert.That(after.Count(a => a.StartsWith("CCI Lyon", StringComparison.Ordinal)), Is.EqualTo(1), "antennes absent from the file are kept");
        Assert.That(after, Has.Length.EqualTo(3));
    }

    [Test]
    public async Task Reports_an_unknown_commune_code_with_its_line_and_column()
    {
        var csv = Header + ";CCI Ain;locale;01004 99999\n";

        var preview = (await SendAsync(new PreviewAntennesImportQuery("cci", Encoding.UTF8.GetBytes(csv))))!;

        Assert.That(preview.Errors, Is.EqualTo(new[] { new ImportIssue(2, "Codes communes", "Le code commune « 99999 » n’existe pas dans le code officiel géographique.") }));
        Assert.That(preview.CanApply, Is.False);
    }

    [Test]
    public async Task A_file_with_one_bad_line_changes_nothing()
    {
        var before = await SnapshotAsync();
        var csv = Header + ";CCI Ain;locale;01004\n;CCI Paris Île-de-France;locale;75056\n;CCI Isère;départementale;38185\n";

        var applied = (await SendAsync(new ApplyAntennesImportCommand("cci", Encoding.UTF8.GetBytes(csv))))!;

        Assert.That(applied.CanApply, Is.False);
        Assert.That(applied.Errors.Single().Line, Is.EqualTo(4));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Refuses_an_unknown_institution() =>
        Assert.That(await SendAsync(new PreviewAntennesImportQuery("inconnue", Encoding.UTF8.GetBytes(Header))), Is.Null);

    [Test]
    public async Task Imports_a_2000_line_file()
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var codes = (await connection.QueryAsync<string>("select code from directory.commune where kind = 'COM' order by code limit 20000")).ToArray();
        var csv = new StringBuilder("Nom;Échelon;Codes communes\n");
        for (var i = 0; i < 2000; i++)
        {
            csv.Append($"Antenne {i:0000};locale;{string.Join(' ', codes.Skip(i * 10 % codes.Length).Take(10))}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var watch = Stopwatch.StartNew();
        var preview = (await SendAsync(new PreviewAntennesImportQuery("cci", bytes)))!;
        var previewTime = watch.Elapsed;
        watch.Restart();
        var applied = (await SendAsync(new ApplyAntennesImportCommand("cci", bytes)))!;
        var applyTime = watch.Elapsed;
        watch.Restart();
        var again = (await SendAsync(new ApplyAntennesImportCommand("cci", bytes)))!;
        var reapplyTime = watch.Elapsed;

        await TestContext.Progress.WriteLineAsync(
            $"2,000 antennes × 10 communes ({bytes.Length / 1024} KiB): preview {previewTime.TotalMilliseconds:N0} ms, apply {applyTime.TotalMilliseconds:N0} ms, re-apply (unchanged) {reapplyTime.TotalMilliseconds:N0} ms");
        Assert.That(preview.Errors, Is.Empty);
        Assert.That(applied.Count(AntenneChange.Created), Is.EqualTo(2000));
        Assert.That(again.Count(AntenneChange.Unchanged), Is.EqualTo(2000));
        Assert.That(await connection.ExecuteScalarAsync<int>("""
            select count(*) from directory.antenne_commune ac join directory.antenne a on a.id = ac.antenne_id where a.name like 'Antenne %'
            """), Is.EqualTo(20000));
    }

    /// <summary>The CCI antennes as "name|level|codes", sorted.</summary>
    private static async Task<string[]> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return (await connection.QueryAsync<string>("""
            select a.name || '|' || a.territorial_level || '|' ||
                   coalesce((select string_agg(commune_code, ' ' order by commune_code collate "C") from directory.antenne_commune where antenne_id = a.id), '')
            from directory.antenne a join directory.institution i on i.id = a.institution_id
            where i.slug = 'cci' and a.deleted_at is null order by 1
            """)).ToArray();
    }

    private static async Task<string> ExportedCommunesAsync(string antenne) =>
        (await SnapshotAsync()).Single(a => a.StartsWith(antenne + "|", StringComparison.Ordinal)).Split('|')[2];

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
