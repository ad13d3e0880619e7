using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.DemoData;
using PdE.Directory.Features.Shared;
using PdE.Directory.Features.Territories;
using PdE.Directory.Features.Territories.AssignTerritory;
using PdE.Directory.Features.Territories.EditTerritory;
using PdE.Directory.Features.Territories.ListTerritories;

namespace PdE.Directory.Tests.Territories;

/// <summary>Custom territories (employment areas), the reference ones, and assigning a whole territory to an antenne.</summary>
public sealed class TerritoriesTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "Alice Admin");
    private static readonly Guid RoubaixTourcoing = DirectoryDemoSeeder.IdOf("territory", "bassin-roubaix-tourcoing");
    private static readonly Guid CciLyon = DirectoryDemoSeeder.IdOf("antenne", "cci-lyon");

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Unknown_codes_are_all_listed_in_french()
    {
        var errors = await ErrorsAsync(new SaveTerritoryCommand(null, "Bassin test", null, "59512 99999, 12\n00000"));

        Assert.That(errors["CommuneCodes"], Is.EqualTo("Ces 3 codes n’existent pas dans le code officiel géographique : « 00000 », « 12 », « 99999 »."));
    }

    [Test]
    public async Task A_name_at_least_one_code_and_a_known_region_are_required()
    {
        var errors = await ErrorsAsync(new SaveTerritoryCommand(null, "", "99", " "));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "Name", "RegionCode", "CommuneCodes" }));
        Assert.That(errors["CommuneCodes"], Is.EqualTo("Indiquez au moins un code commune INSEE."));
    }

    [Test]
    public async Task Four_digit_codes_get_their_leading_zero()
    {
        var command = new SaveTerritoryCommand(null, "Bassin de Bourg-en-Bresse", "84", "1053 01004");
        Assert.That(await ErrorsAsync(command), Is.Empty);

        var id = await SendAsync(command);

        var form = await SendAsync(new FindTerritoryFormQuery(id!.Value));
        Assert.That(form, Is.EqualTo(new TerritoryForm("Bassin de Bourg-en-Bresse", "84", "01004 01053")));
    }

    [Test]
    public async Task Editing_a_territory_replaces_its_communes()
    {
        await SendAsync(new SaveTerritoryCommand(RoubaixTourcoing, "Bassin d’emploi de Roubaix", "32", "59512 59650"));

        Assert.That((await SendAsync(new FindTerritoryFormQuery(RoubaixTourcoing)))!.CommuneCodes, Is.EqualTo("59512 59650"));
        Assert.That(await SendAsync(new SaveTerritoryCommand(Guid.NewGuid(), "Inconnu", null, "59512")), Is.Null);
    }

    [Test]
    public async Task Assigning_a_custom_territory_adds_its_communes_to_the_antenne_and_audits_it()
    {
        var first = await SendAsync(new AssignTerritoryCommand(TerritoryKey.Parse(RoubaixTourcoing.ToString())!, CciLyon, Admin));
        var again = await SendAsync(new AssignTerritoryCommand(TerritoryKey.Parse(RoubaixTourcoing.ToString())!, CciLyon, Admin));

        Assert.That(first, Is.EqualTo(new TerritoryAssigned("Bassin d’emploi de Roubaix-Tourcoing", "CCI Lyon Métropole Saint-Étienne Roanne", 20, 0)));
        Assert.That(again, Is.EqualTo(first! with { Added = 0, AlreadyCovered = 20 }));
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from directory.antenne_commune where antenne_id = @CciLyon and commune_code like '59%'", new { CciLyon }), Is.EqualTo(20));
        var entry = (await AuditLog.LatestAsync(connection, "antenne", CciLyon, CancellationToken.None)).Last();
        Assert.That((entry.ActorName, entry.Action), Is.EqualTo(("Alice Admin", "Affectation du territoire « Bassin d’emploi de Roubaix-Tourcoing »")));
        var before = await connection.ExecuteScalarAsync<int>("select count(*) from directory.commune where departement_code in ('69', '42')");
        Assert.That(AuditEntry.Describe(entry.Before), Is.EqualTo($"Communes : {before}"));
        Assert.That(AuditEntry.Describe(entry.After), Is.EqualTo($"Communes : {before + 20} · Ajoutées : 20"));
    }

    [TestCase("departement-01", "Ain (01)", "departement_code")]
    [TestCase("epci-200046977", "Métropole de Lyon", "epci_code")]
    [TestCase("region-84", "Auvergne-Rhône-Alpes", "region_code")]
    public async Task A_reference_territory_is_read_from_the_reference_data_and_assigned_the_same_way(string key, string name, string column)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var territory = (await SendAsync(new FindTerritoryQuery(TerritoryKey.Parse(key)!)))!;
        var expected = await connection.ExecuteScalarAsync<int>($"select count(*) from directory.commune where {column} = @code", new { code = key[(key.IndexOf('-') + 1)..] });
        Assert.That((territory.Name, territory.Communes), Is.EqualTo((name, expected)));

        var assigned = (await SendAsync(new AssignTerritoryCommand(territory.Key, CciLyon, Admin)))!;

        Assert.That(assigned.Added + assigned.AlreadyCovered, Is.EqualTo(expected));
        Assert.That(await connection.ExecuteScalarAsync<int>($"""
            select count(*) from directory.commune c where c.{column} = @code
              and not exists (select 1 from directory.antenne_commune ac where ac.antenne_id = @CciLyon and ac.commune_code = c.code)
            """, new { code = key[(key.IndexOf('-') + 1)..], CciLyon }), Is.Zero);
    }

    [TestCase("departement-")]
    [TestCase("commune-75056")]
    [TestCase("departement-00")]
    public async Task An_unknown_territory_is_not_found(string key)
    {
        var parsed = TerritoryKey.Parse(key);

        Assert.That(parsed is null || await SendAsync(new FindTerritoryQuery(parsed)) is null, Is.True);
    }

    [Test]
    public async Task The_list_shows_custom_territories_first_and_searches_without_accents()
    {
        var all = await SendAsync(new ListTerritoriesQuery(null, 1));
        var rhone = await SendAsync(new ListTerritoriesQuery("RHÔNE", 1));
        var roubaix = await SendAsync(new ListTerritoriesQuery("roubaix", 1));

        Assert.That(all.Rows.Take(3).Select(r => r.Name), Is.EqualTo(new[]
        {
            "Bassin d’emploi de la vallée de l’Arve", "Bassin d’emploi de Roubaix-Tourcoing", "Bassin d’emploi de Vitré",
        }));
        Assert.That(all.Total, Is.GreaterThan(1000), "régions, départements and EPCI are all there");
        Assert.That(all.Rows, Has.Count.EqualTo(ListTerritoriesHandler.PageSize));
        Assert.That(rhone.Rows.Select(r => r.Name), Does.Contain("Auvergne-Rhône-Alpes").And.Contain("Rhône (69)"));
        Assert.That(roubaix.Rows.Single(), Is.EqualTo(new TerritoryRow("custom", RoubaixTourcoing.ToString(), "Bassin d’emploi de Roubaix-Tourcoing", "Hauts-de-France", 20, 1)));
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(SaveTerritoryCommand command) =>
        await DirectoryTestHost.Host.InScopeAsync(async sp =>
            (await sp.GetRequiredService<IValidator<SaveTerritoryCommand>>().ValidateAsync(command)).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage));

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
