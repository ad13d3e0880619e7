using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Annuaire.SaveAntenne;
using PdE.Directory.Features.Annuaire.SaveInstitution;
using PdE.Directory.Features.Shared;

namespace PdE.Directory.Tests.SaveInstitutionAndAntenne;

public sealed class SaveInstitutionAndAntenneTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "Alice Admin");

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task An_institution_is_created_once_per_slug_and_its_edits_are_audited_field_by_field()
    {
        var created = await SendAsync(new SaveInstitutionCommand(null, "Agence de test", "agence-test", "operateur", false, Admin));
        var taken = await SendAsync(new SaveInstitutionCommand(null, "Autre", "agence-test", null, false, Admin));
        await SendAsync(new SaveInstitutionCommand("agence-test", "Agence de test Hauts-de-France", "ignored", "operateur", true, Admin));

        Assert.That(created.Id, Is.Not.Null);
        Assert.That(taken, Is.EqualTo(SaveResult.Refused("Slug", "L’identifiant « agence-test » est déjà pris : choisissez-en un autre.")));
        var history = await HistoryAsync(created.Id!.Value);
        Assert.That(history.Select(h => h.Action), Is.EqualTo(new[] { "Création", "Modification" }));
        Assert.That(history[1].Before, Is.EqualTo("Nom : Agence de test · Logo affiché : non"));
        Assert.That(history[1].After, Is.EqualTo("Nom : Agence de test Hauts-de-France · Logo affiché : oui"));
    }

    [TestCase("", "agence", "Indiquez le nom de l’institution.")]
    [TestCase("Agence", "Agence Été", "L’identifiant ne contient que des lettres minuscules sans accent, des chiffres et des tirets, par exemple cma-bretagne.")]
    public async Task A_bad_institution_form_gets_a_french_message(string name, string slug, string message)
    {
        var errors = await DirectoryTestHost.Host.InScopeAsync(async sp =>
            (await sp.GetRequiredService<FluentValidation.IValidator<SaveInstitutionCommand>>().ValidateAsync(
                new SaveInstitutionCommand(null, name, slug, null, false, Admin))).Errors);

        Assert.That(errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task An_antenne_is_created_with_its_communes_and_an_edit_without_codes_keeps_them()
    {
        var created = await SendAsync(new SaveAntenneCommand(null, "cci", "CCI Grand Lille", "local", null, "59350 59512", Admin));
        var parentId = await AntenneIdAsync("CCI Paris Île-de-France");

        await SendAsync(new SaveAntenneCommand(created.Id, "cci", "CCI Grand Lille Métropole", "local", parentId, "", Admin));

        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from directory.antenne_commune where antenne_id = @Id", new { created.Id }), Is.EqualTo(2));
        var history = await HistoryAsync(created.Id!.Value);
        Assert.That(history[0].After, Is.EqualTo("Nom : CCI Grand Lille · Échelon : Locale · Antenne parente : aucune · Communes : 2"));
        Assert.That(history[1].After, Is.EqualTo("Nom : CCI Grand Lille Métropole · Antenne parente : CCI Paris Île-de-France"));
    }

    [Test]
    public async Task A_duplicate_name_a_foreign_parent_or_an_unknown_commune_is_refused_under_its_field()
    {
        var otherInstitutionAntenne = await AntenneIdAsync("CMA Bretagne");

        var duplicate = await SendAsync(new SaveAntenneCommand(null, "cci", "cci paris île-de-france", "local", null, null, Admin));
        var foreignParent = await SendAsync(new SaveAntenneCommand(null, "cci", "CCI Lille", "local", otherInstitutionAntenne, null, Admin));
        var unknownCommune = await SendAsync(new SaveAntenneCommand(null, "cci", "CCI Lille", "local", null, "59350 00000", Admin));

        Assert.That(duplicate, Is.EqualTo(SaveResult.Refused("Name", "L’institution a déjà une antenne nommée « cci paris île-de-france ».")));
        Assert.That(foreignParent, Is.EqualTo(SaveResult.Refused("ParentId", "Choisissez une antenne parente de la même institution.")));
        Assert.That(unknownCommune, Is.EqualTo(SaveResult.Refused("CommuneCodes", "Codes commune inconnus : 00000.")));
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from directory.antenne where name = 'CCI Lille'"), Is.Zero);
    }

    [Test]
    public async Task An_antenne_is_deleted_only_once_nobody_works_in_it_and_the_deletion_is_audited()
    {
        var paris = await AntenneIdAsync("CCI Paris Île-de-France");
        var empty = (await SendAsync(new SaveAntenneCommand(null, "cci", "CCI Vide", "local", null, "59350", Admin))).Id!.Value;

        var refused = await SendAsync(new DeleteAntenneCommand(paris, Admin));
        var deleted = await SendAsync(new DeleteAntenneCommand(empty, Admin));
        var again = await SendAsync(new DeleteAntenneCommand(empty, Admin));

        Assert.That(refused.Error, Does.StartWith("L’antenne compte encore ").And.Contain("conseiller").And.EndWith("déplacez-les ou supprimez-les d’abord."));
        Assert.That((deleted.Id, again.Error), Is.EqualTo(((Guid?)empty, "Cette antenne n’existe pas ou a déjà été supprimée.")));
        Assert.That((await HistoryAsync(empty)).Last(), Is.EqualTo(("Suppression", "Nom : CCI Vide", "Statut : supprimée")));
    }

    private static async Task<List<(string Action, string Before, string After)>> HistoryAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return (await connection.QueryAsync<(string, string?, string?)>(
                "select action, before::text, after::text from directory.audit_entry where entity_id = @id order by occurred_at, id", new { id }))
            .Select(e => (e.Item1, AuditEntry.Describe(e.Item2), AuditEntry.Describe(e.Item3))).ToList();
    }

    private static async Task<Guid> AntenneIdAsync(string name)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<Guid>("select id from directory.antenne where name = @name", new { name });
    }

    private static Task<SaveResult> SendAsync(ICommand<SaveResult> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
