using System.Text.Json;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Solicitations.Features.SubmitSolicitation;

namespace PdE.Solicitations.Tests.SubmitSolicitation;

public sealed class SubmitSolicitationTests
{
    private static readonly SubmitSolicitationCommand Valid = new(
        "Jeanne Martin", "jeanne.martin@boulangerie-martin.fr", "0612345678", "73282932000074",
        "Nous voulons recruter un apprenti boulanger à la rentrée.", "autre-demande");

    [SetUp]
    public Task ResetAsync() => SolicitationsTestHost.Host.ResetAsync();

    [Test]
    public async Task Saves_the_request_and_its_event_in_one_transaction()
    {
        var id = await SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(Valid).AsTask());

        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        var row = await connection.QuerySingleAsync<(string FullName, string Siret, string Status)>(
            "select full_name, siret, status from solicitations.solicitation where id = @id", new { id });
        Assert.That(row, Is.EqualTo(("Jeanne Martin", "73282932000074", "received")));

        var (type, payload) = await connection.QuerySingleAsync<(string, string)>(
            "select type, payload::text from solicitations.outbox_message where processed_at is null");
        Assert.That(type, Does.StartWith("PdE.Solicitations.Contracts.SolicitationSubmitted,"));
        using var json = JsonDocument.Parse(payload);
        Assert.That(json.RootElement.GetProperty("solicitationId").GetGuid(), Is.EqualTo(id));
        Assert.That(json.RootElement.GetProperty("siret").GetString(), Is.EqualTo("73282932000074"));
    }

    [Test]
    public async Task Accepts_a_valid_request()
    {
        var result = await ValidateAsync(Valid);
        Assert.That(result.Errors, Is.Empty);
    }

    [TestCase("", "Indiquez vos prénom et nom.")]
    public async Task Rejects_a_missing_name(string name, string message) =>
        await AssertRejectedAsync(Valid with { FullName = name }, nameof(Valid.FullName), message);

    [TestCase("", "Indiquez votre adresse électronique.")]
    [TestCase("jeanne.martin", "Indiquez une adresse électronique valide, par exemple nom@domaine.fr.")]
    public async Task Rejects_a_bad_email(string email, string message) =>
        await AssertRejectedAsync(Valid with { Email = email }, nameof(Valid.Email), message);

    [TestCase("", "Indiquez un numéro de téléphone pour que le conseiller puisse vous rappeler.")]
    [TestCase("061234", "Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.")]
    [TestCase("0012345678", "Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.")]
    public async Task Rejects_a_bad_phone_number(string phone, string message) =>
        await AssertRejectedAsync(Valid with { Phone = phone }, nameof(Valid.Phone), message);

    [TestCase("", "Indiquez le numéro SIRET de votre établissement.")]
    [TestCase("7328293200007", "Le numéro SIRET doit comporter 14 chiffres.")]
    [TestCase("7328293200007A", "Le numéro SIRET doit comporter 14 chiffres.")]
    [TestCase("73282932000075", "Ce numéro SIRET n’existe pas : vérifiez-le sur votre avis de situation Insee ou votre extrait Kbis.")]
    public async Task Rejects_a_bad_siret(string siret, string message) =>
        await AssertRejectedAsync(Valid with { Siret = siret }, nameof(Valid.Siret), message);

    [Test]
    public async Task Accepts_a_la_poste_siret_that_fails_the_luhn_check_but_passes_the_la_poste_rule()
    {
        var result = await ValidateAsync(Valid with { Siret = "35600000049837" });
        Assert.That(result.Errors, Is.Empty);
    }

    [TestCase("", "Décrivez votre besoin en quelques phrases.")]
    [TestCase("Aidez-moi", "Décrivez votre besoin en quelques phrases (20 caractères au moins).")]
    public async Task Rejects_a_too_short_description(string description, string message) =>
        await AssertRejectedAsync(Valid with { Description = description }, nameof(Valid.Description), message);

    [Test]
    public async Task Rejects_a_description_over_5000_characters() =>
        await AssertRejectedAsync(Valid with { Description = new string('a', 5001) }, nameof(Valid.Description),
            "Votre description ne doit pas dépasser 5 000 caractères.");

    private static async Task AssertRejectedAsync(SubmitSolicitationCommand command, string property, string message)
    {
        var result = await ValidateAsync(command);
        Assert.That(result.Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage).FirstOrDefault(), Is.EqualTo(message));
    }

    private static Task<FluentValidation.Results.ValidationResult> ValidateAsync(SubmitSolicitationCommand command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IValidator<SubmitSolicitationCommand>>().ValidateAsync(command));
}
