using System.IO.Compression;
using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Npgsql;
using PdE.Host.Tests.Matching;
using PdE.Shared.Csv;
using PdE.Stats.Contracts;

using static PdE.Host.Tests.Stats.StatsPages;

namespace PdE.Host.Tests.Stats;

/// <summary>
/// Exports asked for from the statistics pages (issue 14, item 4), over HTTP with the site's own scheduler: the file lists
/// what the page counts with its filters and perimeter, in CSV or XLSX, formula-safe; only the person who asked may
/// download it; bad requests get a French message; a week later the export is gone.
/// </summary>
public sealed class ExportTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";
    private const string Formula = "=HYPERLINK(\"http://exemple.invalid\";\"Cliquez\")";

    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task The_team_exports_what_its_page_counts_and_only_the_one_who_asked_may_download_it()
    {
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Julie Moreau", "FONDERIE EXPORTÉE", TimeSpan.FromHours(2), subject: "financer-projet",
            description: Formula);
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Thomas Nguyen", "@SCIERIE EXPORTÉE", TimeSpan.FromHours(3), subject: "financer-projet");
        await RebuildStatsAsync();

        var admin = await App.SignedInClientAsync();
        const string filtered = "/conseiller/statistiques/equipe?sujet=financer-projet";
        var page = await GetAsync(admin, filtered);
        var matchesOnPage = FirstTile(page);
        var needsOnPage = Rows(page, "besoins").Sum(r => int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(matchesOnPage, Is.GreaterThanOrEqualTo(2), "the two needs above are in the figures");

        var matchesId = await AskAsync(admin, filtered, "mises-en-relation", "csv");
        var needsId = await AskAsync(admin, filtered, "besoins", "xlsx");
        var requestsId = await AskAsync(admin, "/conseiller/statistiques/equipe?du=2000-01", "demandes", "csv");
        await WaitUntilReadyAsync(admin, matchesId, needsId, requestsId);

        var list = await GetAsync(admin, "/conseiller/exports");
        Assert.That(list.QuerySelector($"#export-{needsId}")!.TextContent, Does.Contain("Besoins (XLSX)").And.Contain("sujet «\u00a0"),
            "the list says what each export holds, filters included");

        var matches = await DownloadCsvAsync(admin, matchesId);
        Assert.That(matches[0], Does.Contain("Identifiant de la mise en relation").And.Contain("Institution"));
        Assert.That(matches, Has.Count.EqualTo(matchesOnPage + 1), "one line per match the page counts, and the header");
        Assert.That(Column(matches, "Sujet").Distinct().Count(), Is.EqualTo(1), "the subject filter applies");
        Assert.That(Column(matches, "Entreprise"), Does.Contain("FONDERIE EXPORTÉE").And.Contain("@SCIERIE EXPORTÉE"));
        Assert.That(System.Text.Encoding.UTF8.GetString(await DownloadAsync(admin, matchesId)), Does.Contain(";'@SCIERIE EXPORTÉE;"),
            "a cell a spreadsheet would run as a formula gets a quote in front in the CSV");

        var needs = await DownloadAsync(admin, needsId);
        var needRows = MiniExcel.Query(new MemoryStream(needs), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.That(needRows, Has.Count.EqualTo(needsOnPage), "one row per need the page counts");
        Assert.That(needRows.Select(r => r["Description"]), Does.Contain(Formula), "the description is kept as the requester wrote it");
        Assert.That(needRows.Select(r => r["Sujet"]).Distinct().Count(), Is.EqualTo(1), "the subject filter applies");
        using (var zip = new ZipArchive(new MemoryStream(needs)))
        {
            using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            var xml = await sheet.ReadToEndAsync();
            Assert.That(xml, Does.Not.Contain("<x:f>").And.Not.Contain("<f>"), "no cell is a formula: the description is text");
        }

        var requests = await DownloadCsvAsync(admin, requestsId);
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            var sent = await connection.ExecuteScalarAsync<int>(
                "select count(*) from solicitations.solicitation where status in ('received', 'validated', 'canceled') and submitted_at is not null");
            Assert.That(requests, Has.Count.EqualTo(sent + 1), "every request sent since 2000, and the header");
        }

        Assert.That(requests[0][0], Is.EqualTo("Date de la demande"));

        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        Assert.That((await camille.GetAsync($"/conseiller/exports/{needsId}/fichier")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
            "another agent cannot download it");
        Assert.That((await GetAsync(camille, "/conseiller/exports")).QuerySelector($"#export-{needsId}"), Is.Null, "nor see it");
        var visitor = App.CreateClient(new() { AllowAutoRedirect = false });
        var anonymous = await visitor.GetAsync($"/conseiller/exports/{needsId}/fichier");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(anonymous.Headers.Location!.ToString(), Does.Contain("/connexion?ReturnUrl="));
    }

    [Test]
    public async Task A_manager_exports_the_matches_of_her_antennes_only()
    {
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Julie Moreau", "FONDERIE DU PÉRIMÈTRE", TimeSpan.FromHours(2));
        await InboxNeeds.SendAsync(App.Database.ConnectionString, "Thomas Nguyen", "SCIERIE HORS PÉRIMÈTRE", TimeSpan.FromHours(3));
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into directory.user_role (user_id, role, antenne_id)
                select u.id, 'antenne_manager', a.id from directory.user_account u, directory.antenne a
                where u.email = @AdvisorEmail and a.name = 'Bpifrance Paris'
                """, new { AdvisorEmail });
        }

        await RebuildStatsAsync();
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        var page = await GetAsync(camille, "/conseiller/statistiques");
        var id = await AskAsync(camille, "/conseiller/statistiques", "mises-en-relation", "csv");
        await WaitUntilReadyAsync(camille, id);

        var lines = await DownloadCsvAsync(camille, id);
        Assert.That(lines, Has.Count.EqualTo(FirstTile(page) + 1));
        Assert.That(Column(lines, "Antenne").Distinct(), Is.EqualTo(new[] { "Bpifrance Paris" }));
        Assert.That(Column(lines, "Entreprise"), Does.Contain("FONDERIE DU PÉRIMÈTRE").And.Not.Contain("SCIERIE HORS PÉRIMÈTRE"));
        var list = await GetAsync(camille, "/conseiller/exports");
        Assert.That(list.QuerySelector($"#export-{id}")!.TextContent, Does.Contain("Bpifrance Paris"), "the list names the perimeter");

        var admin = await App.SignedInClientAsync();
        Assert.That((await admin.PostAsync("/conseiller/statistiques?handler=Export", new FormUrlEncodedContent([]))).StatusCode,
            Is.Not.EqualTo(HttpStatusCode.Redirect), "no perimeter, no export of one");
    }

    [Test]
    public async Task A_wrong_request_is_told_in_French_and_an_export_is_gone_after_a_week()
    {
        var admin = await App.SignedInClientAsync();
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        const string Exports = "select count(*) from stats.export";
        var before = await connection.ExecuteScalarAsync<int>(Exports);
        var badMonth = await PostExportAsync(admin, "/conseiller/statistiques/equipe?du=janvier", "besoins", "csv");
        Assert.That(badMonth.QuerySelector("#export .fr-alert")!.TextContent, Does.Contain("Corrigez les filtres avant de demander un export"));
        var noChoice = await PostExportAsync(admin, "/conseiller/statistiques/equipe", null, "csv");
        Assert.That(noChoice.QuerySelector("#export .fr-alert")!.TextContent.Trim(), Is.EqualTo("Choisissez ce que vous voulez exporter et le format du fichier."));
        Assert.That(await connection.ExecuteScalarAsync<int>(Exports), Is.EqualTo(before), "nothing was asked for");

        // Three exports being written (by a host that reports progress): a fourth waits for them.
        var running = await connection.QueryAsync<Guid>("""
            insert into stats.export (id, requested_by, kind, format, scope, scope_label, status, requested_at, heartbeat_at, expires_at)
            select gen_random_uuid(), u.id, 'needs', 'csv', '{}', 'Toute la période', 'running', now(), now() + interval '1 hour', now() + interval '7 days'
            from directory.user_account u, generate_series(1, 3)
            where u.email = 'admin@place-des-entreprises.example.fr'
            returning id
            """);
        var tooMany = await PostExportAsync(admin, "/conseiller/statistiques/equipe", "besoins", "csv");
        Assert.That(tooMany.QuerySelector("#export .fr-alert")!.TextContent, Does.Contain("Vous avez déjà 3 exports en préparation"));
        await connection.ExecuteAsync("delete from stats.export where id = any(@running)", new { running = running.ToArray() });

        var id = await AskAsync(admin, "/conseiller/statistiques/equipe", "besoins", "csv");
        await WaitUntilReadyAsync(admin, id);
        Assert.That((await admin.GetAsync($"/conseiller/exports/{id}/fichier")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from stats.export_chunk where export_id = @id", new { id }), Is.Positive);

        await connection.ExecuteAsync("update stats.export set expires_at = now() - interval '1 minute' where id = @id", new { id });
        Assert.That((await admin.GetAsync($"/conseiller/exports/{id}/fichier")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "past its week");
        Assert.That((await GetAsync(admin, "/conseiller/exports")).QuerySelector($"#export-{id}"), Is.Null);
        var scheduler = await App.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(new Quartz.JobKey("produce-exports"));
        await Waits.UntilAsync(
            async () => await connection.ExecuteScalarAsync<int>("select count(*) from stats.export_chunk where export_id = @id", new { id }) == 0,
            TimeSpan.FromSeconds(60), "the export past its week to be purged with its file");
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from stats.export where id = @id", new { id }), Is.Zero);
    }

    private async Task RebuildStatsAsync()
    {
        // InboxNeeds writes rows without events: Stats counts them from the modules' history.
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RebuildStatsProjections());
    }

    /// <summary>Posts the page's export form as a browser would, and returns the id of the export asked for.</summary>
    private static async Task<Guid> AskAsync(HttpClient client, string path, string content, string format)
    {
        var response = await PostAsync(client, path, content, format);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{content} from {path}: " + await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        Assert.That(location, Does.StartWith("/conseiller/exports#export-"));
        return Guid.Parse(location["/conseiller/exports#export-".Length..]);
    }

    private static async Task<IHtmlDocument> PostExportAsync(HttpClient client, string path, string? content, string format)
    {
        var response = await PostAsync(client, path, content, format);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? content, string format)
    {
        var page = await GetAsync(client, path);
        var form = page.QuerySelector<IHtmlFormElement>("#export form")!;
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        values["format"] = format;
        if (content is not null)
        {
            values["contenu"] = content;
        }

        return await client.PostAsync(form.GetAttribute("action")!.Split('#')[0], new FormUrlEncodedContent(values));
    }

    /// <summary>Reads the list's state (what its script reads) until every export is ready; bounded, and says which is not.</summary>
    private static async Task WaitUntilReadyAsync(HttpClient client, params Guid[] ids)
    {
        var last = "";
        await Waits.UntilAsync(async () =>
        {
            last = await client.GetStringAsync("/conseiller/exports?handler=Etat");
            using var states = JsonDocument.Parse(last);
            var done = states.RootElement.EnumerateArray()
                .Where(e => e.GetProperty("status").GetString() == "done").Select(e => e.GetProperty("id").GetGuid()).ToHashSet();
            return ids.All(done.Contains);
        }, TimeSpan.FromSeconds(90), () => $"the exports {string.Join(", ", ids)} to be ready; the list says {last}");
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/conseiller/exports/{id}/fichier");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, "personal data: not kept by caches");
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The CSV's records, header first, read back as the directory's imports read a file (formula quotes undone).</summary>
    private static async Task<List<IReadOnlyList<string>>> DownloadCsvAsync(HttpClient client, Guid id)
    {
        var bytes = await DownloadAsync(client, id);
        Assert.That(bytes.AsSpan(0, 3).ToArray(), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 with BOM, so that Excel reads the accents");
        return [.. CsvFile.Read(CsvFile.Decode(bytes), ';').Where(r => !r.IsBlank).Select(r => r.Fields)];
    }

    private static IEnumerable<string> Column(List<IReadOnlyList<string>> records, string header)
    {
        var index = records[0].ToList().IndexOf(header);
        Assert.That(index, Is.Not.Negative, $"a column « {header} »");
        return records.Skip(1).Select(r => r[index]);
    }
}
