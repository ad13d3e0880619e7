using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PdE.Directory.Features.ReferenceData;

namespace PdE.Directory.Tests.ReferenceData;

/// <summary>
/// Loads once for the whole class (a full load takes about a second) and never resets between tests:
/// every test leaves the reference data fully loaded, as it found it.
/// </summary>
public sealed class ReferenceDataLoaderTests
{
    private const string Paris = "75056";
    private const string ParisFirst = "75101";
    private const string MetropoleDuGrandParis = "200054781";

    private NpgsqlDataSource dataSource = null!;
    private ReferenceDataLoader loader = null!;

    [OneTimeSetUp]
    public async Task LoadOnceAsync()
    {
        dataSource = DirectoryTestHost.Host.Services.GetRequiredService<NpgsqlDataSource>();
        // From nothing, as on a new database, even when the test host loaded them at start (other classes reset before each test).
        await ExecuteAsync("""
            truncate directory.region, directory.departement, directory.epci, directory.commune, directory.naf_code,
                directory.reference_data_load cascade
            """);
        loader = new ReferenceDataLoader(dataSource, DirectoryTestHost.Host.Services.GetRequiredService<ILogger<ReferenceDataLoader>>());

        var elapsed = await TimeLoadAsync();

        TestContext.Progress.WriteLine($"Reference data, first load into empty tables: {elapsed.TotalMilliseconds:F0} ms");
    }

    [Test]
    public async Task Loads_every_current_commune_and_the_arrondissements_of_paris_lyon_and_marseille()
    {
        var count = await QuerySingleAsync<long>("select count(*) from directory.commune");
        var arrondissements = await QueryAsync<(string Parent, long Count)>(
            "select parent_code, count(*) from directory.commune where kind = 'ARM' group by parent_code order by parent_code");
        var communes = (await QueryAsync<CommuneRow>("""
            select code, name, departement_code as DepartementCode, region_code as RegionCode, epci_code as EpciCode,
                   array_to_string(postal_codes, ' ') as PostalCodes, kind, parent_code as ParentCode
            from directory.commune where code = any(@codes)
            """, new { codes = new[] { Paris, ParisFirst, "69123", "13055", "97411", "2A004" } })).ToDictionary(c => c.Code);

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.GreaterThanOrEqualTo(34_000));
            Assert.That(arrondissements, Is.EqualTo(new[] { ("13055", 16L), ("69123", 9L), ("75056", 20L) }));
            Assert.That(communes[Paris] with { PostalCodes = "" },
                Is.EqualTo(new CommuneRow(Paris, "Paris", "75", "11", MetropoleDuGrandParis, "", "COM", null)));
            Assert.That(communes[Paris].PostalCodes.Split(' '), Has.Length.EqualTo(21).And.Contains("75116"));
            Assert.That(communes[ParisFirst],
                Is.EqualTo(new CommuneRow(ParisFirst, "Paris 1er Arrondissement", "75", "11", MetropoleDuGrandParis, "75001", "ARM", Paris)));
            Assert.That(communes["69123"].Name, Is.EqualTo("Lyon"));
            Assert.That(communes["13055"].Name, Is.EqualTo("Marseille"));
            Assert.That((communes["97411"].Name, communes["97411"].DepartementCode, communes["97411"].RegionCode), Is.EqualTo(("Saint-Denis", "974", "04")));
            Assert.That((communes["2A004"].Name, communes["2A004"].DepartementCode, communes["2A004"].RegionCode), Is.EqualTo(("Ajaccio", "2A", "94")));
        });
    }

    [Test]
    public async Task Finds_communes_by_postal_code_and_epci()
    {
        var byPostalCode = await QueryAsync<string>("select code from directory.commune where postal_codes @> array['75011'] order by code");
        var epci = await QuerySingleAsync<(string Name, string Kind)>("select name, kind from directory.epci where code = @MetropoleDuGrandParis", new { MetropoleDuGrandParis });

        Assert.That(byPostalCode, Is.EqualTo(new[] { Paris, "75111" }));
        Assert.That(epci, Is.EqualTo(("Métropole du Grand Paris", "METRO")));
    }

    [Test]
    public async Task Loads_the_regions_and_departements_with_the_overseas_collectivities_apart()
    {
        var regions = (await QueryAsync<(string Zone, long Count)>("select zone, count(*) from directory.region group by zone")).ToDictionary();
        var departements = await QuerySingleAsync<long>("select count(*) from directory.departement where zone <> 'com'");
        var corseDuSud = await QuerySingleAsync<(string Name, string RegionCode)>("select name, region_code from directory.departement where code = '2A'");
        var reunion = await QuerySingleAsync<string>("select name from directory.region where code = '04'");

        Assert.Multiple(() =>
        {
            Assert.That(regions["metro"], Is.EqualTo(13));
            Assert.That(regions["drom"], Is.EqualTo(5));
            Assert.That(departements, Is.EqualTo(101));
            Assert.That(corseDuSud, Is.EqualTo(("Corse-du-Sud", "94")));
            Assert.That(reunion, Is.EqualTo("La Réunion"));
        });
    }

    [Test]
    public async Task Loads_naf_codes_as_insee_writes_them()
    {
        var restaurant = await QuerySingleAsync<(string Label, string Level, string SectionCode, string ParentCode)>(
            "select label, level, section_code, parent_code from directory.naf_code where code = '56.10A'");
        var levels = (await QueryAsync<(string Level, long Count)>("select level, count(*) from directory.naf_code group by level")).ToDictionary();

        Assert.That(restaurant, Is.EqualTo(("Restauration traditionnelle", "sous_classe", "I", "56.10")));
        Assert.That(levels, Is.EqualTo(new Dictionary<string, long>
        {
            ["section"] = 21, ["division"] = 88, ["groupe"] = 272, ["classe"] = 615, ["sous_classe"] = 732,
        }));
    }

    [Test]
    public async Task A_second_load_leaves_every_dataset_alone()
    {
        var before = await LoadTimesAsync();

        var elapsed = await TimeLoadAsync();

        TestContext.Progress.WriteLine($"Reference data, load with nothing changed: {elapsed.TotalMilliseconds:F1} ms");
        Assert.That(before.Keys, Is.EquivalentTo(new[] { "regions", "departements", "epci", "communes", "naf" }));
        Assert.That(await LoadTimesAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_changed_file_reloads_its_dataset_and_restores_its_rows()
    {
        await ExecuteAsync("""
            delete from directory.commune where code = '75101';
            update directory.commune set name = 'Lugdunum', postal_codes = '{}' where code = '69123';
            insert into directory.commune (code, name, departement_code, region_code, kind) values ('99999', 'Atlantide', '99', '99', 'COM');
            update directory.reference_data_load set content_hash = 'an older file' where dataset = 'communes';
            """);
        var before = await LoadTimesAsync();

        var elapsed = await TimeLoadAsync();

        TestContext.Progress.WriteLine($"Reference data, reload of the communes alone: {elapsed.TotalMilliseconds:F0} ms");
        var after = await LoadTimesAsync();
        var codes = await QueryAsync<string>("select code from directory.commune where code in ('75101', '99999')");
        var lyon = await QuerySingleAsync<(string Name, string[] PostalCodes)>("select name, postal_codes from directory.commune where code = '69123'");
        var hash = await QuerySingleAsync<string>("select content_hash from directory.reference_data_load where dataset = 'communes'");
        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.EqualTo(new[] { ParisFirst }));
            Assert.That(lyon.Name, Is.EqualTo("Lyon"));
            Assert.That(lyon.PostalCodes, Has.Length.EqualTo(9));
            Assert.That(hash, Is.Not.EqualTo("an older file"));
            Assert.That(after["communes"], Is.GreaterThan(before["communes"]));
            Assert.That(after.Where(d => d.Key != "communes").ToDictionary(), Is.EqualTo(before.Where(d => d.Key != "communes").ToDictionary()));
        });
    }

    [Test]
    public async Task Two_hosts_loading_at_once_both_succeed()
    {
        await ExecuteAsync("update directory.reference_data_load set content_hash = 'an older file'");

        await Task.WhenAll(
            Task.Run(() => loader.LoadAsync(CancellationToken.None)),
            Task.Run(() => loader.LoadAsync(CancellationToken.None)));

        var stale = await QuerySingleAsync<long>("select count(*) from directory.reference_data_load where content_hash = 'an older file'");
        Assert.That(stale, Is.Zero);
    }

    private async Task<TimeSpan> TimeLoadAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        await loader.LoadAsync(CancellationToken.None);
        return stopwatch.Elapsed;
    }

    private async Task<Dictionary<string, DateTime>> LoadTimesAsync() =>
        (await QueryAsync<(string Dataset, DateTime LoadedAt)>("select dataset, loaded_at from directory.reference_data_load")).ToDictionary();

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    private async Task<T> QuerySingleAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    private sealed record CommuneRow(
        string Code, string Name, string DepartementCode, string RegionCode, string? EpciCode, string PostalCodes, string Kind, string? ParentCode);
}
