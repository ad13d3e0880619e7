using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Annuaire.SaveExpert;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Tests.SaveExpert;

public sealed class SaveExpertTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "Alice Admin");
    private Guid antenneId;

    [SetUp]
    public async Task CreateAntenneAsync()
    {
        await DirectoryTestHost.Host.ResetAsync();
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        antenneId = await connection.ExecuteScalarAsync<Guid>("""
            with institution as (insert into directory.institution (id, slug, name) values (gen_random_uuid(), 'cci-test', 'CCI Test') returning id)
            insert into directory.antenne (id, institution_id, name) select gen_random_uuid(), id, 'Lille' from institution returning id
            """);
    }

    [Test]
    public async Task Creating_an_expert_normalises_the_values_and_records_them()
    {
        var result = await SendAsync(Command(null) with { Email = " Julie.Roux@CCI.example.fr ", Phone = "+33 3 20 00 00 00", CommuneCodes = "59350 9001" });

        var state = await StateAsync(result.Id!.Value);
        Assert.That(state, Is.EqualTo(new ExpertState("Julie Roux", "julie.roux@cci.example.fr", "0320000000", "Conseillère", false, false, "09001 59350")));
        var (action, after) = await LastAuditAsync(result.Id.Value);
        Assert.That(action, Is.EqualTo("Création"));
        Assert.That(after, Is.EqualTo("Nom : Julie Roux · Adresse : julie.roux@cci.example.fr · Téléphone : 0320000000 · Fonction : Conseillère · Équipe : non · Zone globale : non · Communes propres : 09001 59350"));
    }

    [Test]
    public async Task Editing_records_only_the_fields_that_changed_and_an_unchanged_form_records_nothing()
    {
        var id = (await SendAsync(Command(null))).Id!.Value;

        await SendAsync(Command(id) with { JobTitle = "Responsable", CommuneCodes = "" });
        await SendAsync(Command(id) with { JobTitle = "Responsable", CommuneCodes = "" });

        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var entries = (await connection.QueryAsync<(string Action, string? Before, string After)>(
            "select action, before::text, after::text from directory.audit_entry where entity_id = @id order by occurred_at, id", new { id })).ToList();
        Assert.That(entries.Select(e => e.Action), Is.EqualTo(new[] { "Création", "Modification" }));
        Assert.That(AuditEntry.Describe(entries[1].Before), Is.EqualTo("Fonction : Conseillère · Communes propres : 59350"));
        Assert.That(AuditEntry.Describe(entries[1].After), Is.EqualTo("Fonction : Responsable · Communes propres : aucune"));
        Assert.That(await connection.ExecuteScalarAsync<bool>("select has_own_communes from directory.expert where id = @id", new { id }), Is.False);
    }

    [Test]
    public async Task An_unknown_commune_is_refused_under_its_field_and_nothing_is_saved()
    {
        var result = await SendAsync(Command(null) with { CommuneCodes = "59350 99999" });

        Assert.That(result, Is.EqualTo(SaveResult.Refused("CommuneCodes", "Codes commune inconnus : 99999.")));
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from directory.expert where antenne_id = @antenneId", new { antenneId }), Is.Zero);
    }

    [Test]
    public async Task An_expert_of_a_deleted_antenne_or_a_deleted_expert_cannot_be_saved()
    {
        var id = (await SendAsync(Command(null))).Id!.Value;
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        await connection.ExecuteAsync("update directory.expert set deleted_at = now(); update directory.antenne set deleted_at = now() where id = @antenneId", new { antenneId });

        Assert.That((await SendAsync(Command(id))).Error, Is.EqualTo("Ce conseiller n’existe pas ou a été supprimé."));
        Assert.That((await SendAsync(Command(null))).Error, Is.EqualTo("Cette antenne n’existe pas ou a été supprimée."));
    }

    [TestCase("FullName", "", "Indiquez le nom du conseiller ou de l’équipe.")]
    [TestCase("Email", "julie", "Indiquez une adresse électronique valide, par exemple nom@domaine.fr.")]
    [TestCase("Phone", "12", "Indiquez un numéro de téléphone valide, par exemple 01 22 33 44 55.")]
    [TestCase("CommuneCodes", "Lille", "« Lille » n’est pas un code commune INSEE (5 caractères, par exemple 75056 ou 2A004).")]
    public async Task Each_invalid_field_gets_its_french_message(string field, string value, string message)
    {
        var command = field switch
        {
            "FullName" => Command(null) with { FullName = value },
            "Email" => Command(null) with { Email = value },
            "Phone" => Command(null) with { Phone = value },
            _ => Command(null) with { CommuneCodes = value },
        };

        var errors = await DirectoryTestHost.Host.InScopeAsync(async sp => (await sp.GetRequiredService<IValidator<SaveExpertCommand>>().ValidateAsync(command)).Errors);

        Assert.That(errors.Select(e => (e.PropertyName, e.ErrorMessage)), Is.EqualTo(new[] { (field, message) }));
    }

    private SaveExpertCommand Command(Guid? id) =>
        new(id, antenneId, "Julie Roux", "julie.roux@cci.example.fr", null, "Conseillère", false, false, "59350", Admin);

    private static async Task<ExpertState> StateAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.QuerySingleAsync<ExpertState>(ExpertState.Select, new { ExpertId = id });
    }

    private static async Task<(string Action, string After)> LastAuditAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var (action, after) = await connection.QuerySingleAsync<(string, string)>(
            "select action, after::text from directory.audit_entry where entity_id = @id order by occurred_at desc limit 1", new { id });
        return (action, AuditEntry.Describe(after));
    }

    private static Task<SaveResult> SendAsync(SaveExpertCommand command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
