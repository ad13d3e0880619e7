using System.Text.Json;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Shared.Web;
using PdE.Solicitations.Features.Companies.EnrichPendingSolicitations;
using PdE.Solicitations.Features.RequestForm;
using PdE.Solicitations.Features.RequestForm.ChooseCompany;
using PdE.Solicitations.Features.RequestForm.StartSolicitation;
using PdE.Solicitations.Features.RequestForm.SubmitSolicitation;

namespace PdE.Solicitations.Tests.IntakeForm;

/// <summary>The three steps of the request form, each saved in the draft, and the final sending.</summary>
public sealed class IntakeFormTests
{
    private const string Bakery = "73282932000074";
    private const string ClosedPrinter = "41985362700018";
    private const string SwissWorkshop = "87520146900017";

    private static readonly StartSolicitationCommand Contact = new(
        "financer-projet", "Jeanne Martin", "jeanne.martin@boulangerie-martin.fr", "0612345678",
        Tracking.From("newsletter", "relance-2026", "aide boulangerie", "https://partenaire.example.fr/aides"));

    private static readonly QuestionAnswer[] Answered =
    [
        new("financement-bancaire", "Avez-vous déjà un financement bancaire ?", true),
        new("projet-demarre", "Le projet a-t-il déjà commencé ?", false),
    ];

    [SetUp]
    public async Task ResetAsync()
    {
        SwitchableRegistry.Down = false;
        await SolicitationsTestHost.Host.ResetAsync();
    }

    [TearDown]
    public void RegistryUp() => SwitchableRegistry.Down = false;

    // Step 1

    [Test]
    public async Task Step_1_creates_a_draft_with_tracking_and_keeps_only_the_hash_of_the_resume_token()
    {
        var started = await SendAsync(Contact);

        var row = await RowAsync<(string Status, string FullName, string Phone, byte[] Hash, string UtmSource, string UtmCampaign, string UtmTerm, string OriginPage)>(
            "select status, full_name, phone, resume_token_hash, utm_source, utm_campaign, utm_term, origin_page from solicitations.solicitation where id = @Id",
            started.Id);
        Assert.That((row.Status, row.FullName, row.Phone), Is.EqualTo(("draft", "Jeanne Martin", "0612345678")));
        Assert.That((row.UtmSource, row.UtmCampaign, row.UtmTerm, row.OriginPage),
            Is.EqualTo(("newsletter", "relance-2026", "aide boulangerie", "https://partenaire.example.fr/aides")));
        Assert.That(row.Hash, Is.EqualTo(PrivateLinkToken.Hash(started.Token)).And.Not.EqualTo(System.Text.Encoding.ASCII.GetBytes(started.Token)));
        Assert.That(started.Token, Has.Length.EqualTo(43));
    }

    [Test]
    public async Task The_resume_token_finds_its_draft_and_nothing_else_does()
    {
        var started = await SendAsync(Contact);
        var other = await SendAsync(Contact);

        var found = await SendAsync(new GetSolicitationByToken(started.Token));
        Assert.That((found?.Id, found?.Status, found?.Email), Is.EqualTo(((Guid?)started.Id, "draft", Contact.Email)));
        Assert.That(other.Token, Is.Not.EqualTo(started.Token));

        var wrong = started.Token[..42] + (started.Token[42] == 'A' ? 'B' : 'A');
        Assert.That(await SendAsync(new GetSolicitationByToken(wrong)), Is.Null);
        Assert.That(await SendAsync(new GetSolicitationByToken("not-a-token")), Is.Null);
    }

    [TestCase("", "Indiquez vos prénom et nom.")]
    public async Task Step_1_rejects_a_missing_name(string name, string message) =>
        await AssertRejectedAsync(Contact with { FullName = name }, "FullName", message);

    [Test]
    public async Task Step_1_rejects_a_name_over_120_characters() =>
        await AssertRejectedAsync(Contact with { FullName = new string('a', 121) }, "FullName", "Vos prénom et nom ne doivent pas dépasser 120 caractères.");

    [TestCase("", "Indiquez votre adresse électronique.")]
    [TestCase("jeanne.martin", "Indiquez une adresse électronique valide, par exemple nom@domaine.fr.")]
    public async Task Step_1_rejects_a_bad_email(string email, string message) =>
        await AssertRejectedAsync(Contact with { Email = email }, "Email", message);

    [Test]
    public async Task Step_1_rejects_an_email_over_254_characters() =>
        await AssertRejectedAsync(Contact with { Email = new string('a', 250) + "@a.fr" }, "Email", "L’adresse électronique ne doit pas dépasser 254 caractères.");

    [TestCase("", "Indiquez un numéro de téléphone pour que le conseiller puisse vous rappeler.")]
    [TestCase("061234", "Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.")]
    [TestCase("0012345678", "Indiquez un numéro de téléphone valide, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.")]
    public async Task Step_1_rejects_a_bad_phone_number(string phone, string message) =>
        await AssertRejectedAsync(Contact with { Phone = phone }, "Phone", message);

    [Test]
    public async Task Step_1_refuses_a_sixth_request_from_the_same_address_within_the_hour_but_not_from_another()
    {
        for (var n = 0; n < 5; n++)
        {
            Assert.That((await SendAsync(Contact)).Refusal, Is.Null);
        }

        var sixth = await SendAsync(Contact with { Email = Contact.Email.ToUpperInvariant() });
        var other = await SendAsync(Contact with { Email = "autre@boulangerie-martin.fr" });

        Assert.That(sixth, Is.EqualTo(StartedSolicitation.Refused(StartSolicitationHandler.TooManyForEmail)));
        Assert.That(other.Refusal, Is.Null);
        Assert.That(await RowAsync<int>("select count(*)::int from solicitations.solicitation where id <> @Id", Guid.Empty), Is.EqualTo(6));
    }

    [Test]
    public async Task Step_1_accepts_valid_contact_details() =>
        Assert.That((await ValidateAsync(Contact)).Errors, Is.Empty);

    // Step 2

    [TestCase("", "Choisissez votre établissement, ou indiquez son numéro SIRET.")]
    [TestCase("7328293200007", "Le numéro SIRET doit comporter 14 chiffres.")]
    [TestCase("7328293200007A", "Le numéro SIRET doit comporter 14 chiffres.")]
    [TestCase("73282932000075", "Ce numéro SIRET n’existe pas : vérifiez-le sur votre avis de situation Insee ou votre extrait Kbis.")]
    public async Task Step_2_rejects_a_bad_siret(string siret, string message) =>
        await AssertRejectedAsync(new ChooseEstablishmentCommand(Guid.Empty, siret), "Siret", message);

    [Test]
    public async Task Step_2_accepts_a_la_poste_siret_that_fails_luhn_but_passes_the_la_poste_rule() =>
        Assert.That((await ValidateAsync(new ChooseEstablishmentCommand(Guid.Empty, "35600000049837"))).Errors, Is.Empty);

    [Test]
    public async Task Step_2_saves_the_establishment_with_its_company_facts()
    {
        var started = await SendAsync(Contact);

        var choice = await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));

        Assert.That(choice, Is.EqualTo(EstablishmentChoice.Saved));
        var row = await RowAsync<(string Siret, string CompanyName, string CommuneCode, string NafCode, string LegalFormCode, string HeadcountBracket, DateTime CreatedOn, bool Pending, string Status)>(
            "select siret, company_name, commune_code, naf_code, legal_form_code, headcount_bracket, company_created_on, registry_pending, status from solicitations.solicitation where id = @Id",
            started.Id);
        Assert.That(row, Is.EqualTo((Bakery, "BOULANGERIE MARTIN", "75111", "10.71C", "5499", "03", row.CreatedOn, false, "draft")));
        Assert.That(row.CreatedOn, Is.Not.EqualTo(default(DateTime)));
    }

    [TestCase(ClosedPrinter, "Closed", EstablishmentMessages.Closed)]
    [TestCase(SwissWorkshop, "Abroad", EstablishmentMessages.Abroad)]
    [TestCase("35600000049837", "NotFound", EstablishmentMessages.NotFound)]
    public async Task Step_2_refuses_a_closed_foreign_or_unknown_establishment_with_a_french_message_and_saves_nothing(
        string siret, string outcome, string message)
    {
        var expected = Enum.Parse<EstablishmentChoice>(outcome);
        var started = await SendAsync(Contact);

        var choice = await SendAsync(new ChooseEstablishmentCommand(started.Id, siret));

        Assert.That((choice, EstablishmentMessages.For(choice)), Is.EqualTo((expected, message)));
        Assert.That(await RowAsync<string?>("select siret from solicitations.solicitation where id = @Id", started.Id), Is.Null);
    }

    [Test]
    public async Task Step_2_with_the_registry_down_accepts_the_siret_alone_and_flags_it_then_the_job_enriches_it()
    {
        var started = await SendAsync(Contact);
        SwitchableRegistry.Down = true;

        var choice = await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));

        Assert.That(choice, Is.EqualTo(EstablishmentChoice.SavedPendingRegistry));
        Assert.That(await RowAsync<(string Siret, string? CompanyName, bool Pending)>(
                "select siret, company_name, registry_pending from solicitations.solicitation where id = @Id", started.Id),
            Is.EqualTo((Bakery, (string?)null, true)));

        // The request is sent meanwhile, still flagged.
        await SendAsync(new SubmitSolicitationCommand(started.Id, "Nous voulons acheter un nouveau four à pain.", "Mon projet consiste à…", Answered));
        Assert.That(await EnrichAsync(), Is.Zero, "the registry is still down: nothing to enrich yet");
        Assert.That(await RowAsync<bool>("select registry_pending from solicitations.solicitation where id = @Id", started.Id), Is.True);

        SwitchableRegistry.Down = false;
        Assert.That(await EnrichAsync(), Is.EqualTo(1));

        Assert.That(await RowAsync<(string CompanyName, string CommuneCode, string NafCode, bool Pending, string Status)>(
                "select company_name, commune_code, naf_code, registry_pending, status from solicitations.solicitation where id = @Id", started.Id),
            Is.EqualTo(("BOULANGERIE MARTIN", "75111", "10.71C", false, "received")));
        Assert.That(await EnrichAsync(), Is.Zero, "a second run finds nothing left");
    }

    [Test]
    public async Task The_enrichment_job_stops_asking_about_a_siret_the_registry_does_not_know()
    {
        var started = await SendAsync(Contact);
        SwitchableRegistry.Down = true;
        await SendAsync(new ChooseEstablishmentCommand(started.Id, "35600000049837"));
        SwitchableRegistry.Down = false;

        Assert.That(await EnrichAsync(), Is.Zero);

        Assert.That(await RowAsync<(bool Pending, string? CompanyName)>(
                "select registry_pending, company_name from solicitations.solicitation where id = @Id", started.Id),
            Is.EqualTo((false, (string?)null)));
    }

    private static readonly SetProjectPlaceCommand Place = new(Guid.Empty, "35000", "35238", 1, AsksAmount: true, "80 000 €");

    [TestCase("", 0, "Indiquez le code postal de la commune de votre projet.")]
    [TestCase("3500", 0, "Le code postal doit comporter 5 chiffres, par exemple 35000.")]
    [TestCase("99999", 0, "Aucune commune n’a ce code postal : vérifiez-le.")]
    public async Task Step_2_for_a_project_rejects_a_bad_postcode(string postcode, int candidates, string message) =>
        await AssertRejectedAsync(Place with { Postcode = postcode, CommuneCandidates = candidates, CommuneCode = null }, "Postcode", message);

    [Test]
    public async Task Step_2_for_a_project_asks_which_commune_when_several_share_the_postcode() =>
        await AssertRejectedAsync(Place with { CommuneCode = null, CommuneCandidates = 3 }, "CommuneCode", "Plusieurs communes ont ce code postal : choisissez la vôtre.");

    [TestCase("", "Indiquez le montant recherché, en euros.")]
    [TestCase("beaucoup", "Indiquez le montant en euros, en chiffres, par exemple 50 000.")]
    [TestCase("0", "Indiquez le montant en euros, en chiffres, par exemple 50 000.")]
    public async Task Step_2_for_a_project_rejects_a_bad_amount(string amount, string message) =>
        await AssertRejectedAsync(Place with { Amount = amount }, "Amount", message);

    [Test]
    public async Task Step_2_for_a_project_does_not_ask_an_amount_when_the_subject_does_not() =>
        Assert.That((await ValidateAsync(Place with { AsksAmount = false, Amount = "" })).Errors, Is.Empty);

    [Test]
    public async Task Step_2_for_a_project_saves_the_commune_and_the_amount()
    {
        var started = await SendAsync(Contact with { SubjectSlug = "reprendre" });

        await SendAsync(Place with { Id = started.Id });

        Assert.That(await RowAsync<(string CommuneCode, int Amount, string? Siret)>(
                "select commune_code, amount, siret from solicitations.solicitation where id = @Id", started.Id),
            Is.EqualTo(("35238", 80000, (string?)null)));
    }

    // Step 3

    private static SubmitSolicitationCommand Description(Guid id) =>
        new(id, "Nous voulons acheter un nouveau four à pain pour doubler la production.", "Mon projet consiste à…", Answered);

    [TestCase("", "Décrivez votre besoin en quelques phrases.")]
    [TestCase("Mon projet consiste à…", "Complétez le texte proposé avec votre propre situation : il n’a pas été modifié.")]
    [TestCase("  mon projet   consiste à  ", "Complétez le texte proposé avec votre propre situation : il n’a pas été modifié.")]
    [TestCase("Un four à pain neuf", "Décrivez votre besoin en quelques phrases (20 caractères au moins).")]
    public async Task Step_3_rejects_an_empty_unchanged_or_too_short_description(string description, string message) =>
        await AssertRejectedAsync(Description(Guid.Empty) with { Description = description }, "Description", message);

    [Test]
    public async Task Step_3_rejects_a_description_over_5000_characters() =>
        await AssertRejectedAsync(Description(Guid.Empty) with { Description = new string('a', 5001) }, "Description",
            "Votre description ne doit pas dépasser 5 000 caractères.");

    [Test]
    public async Task Step_3_asks_an_answer_to_each_question() =>
        await AssertRejectedAsync(Description(Guid.Empty) with { Answers = [Answered[0], Answered[1] with { Answer = null }] }, "Answers[1]",
            "Répondez par oui ou par non.");

    [Test]
    public async Task Step_3_sends_the_request_with_its_answers_and_emits_the_event_with_the_company_facts()
    {
        var started = await SendAsync(Contact);
        await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));

        Assert.That(await SendAsync(Description(started.Id)), Is.True);

        var row = await RowAsync<(string Status, string Description, string Answers, DateTime? SubmittedAt)>(
            "select status, description, answers::text, submitted_at from solicitations.solicitation where id = @Id", started.Id);
        Assert.That((row.Status, row.Description, row.SubmittedAt.HasValue), Is.EqualTo(("received", Description(started.Id).Description, true)));
        using (var answers = JsonDocument.Parse(row.Answers))
        {
            Assert.That(answers.RootElement.EnumerateArray().Select(a => (a.GetProperty("question").GetString(), a.GetProperty("answer").GetBoolean())),
                Is.EqualTo(new[] { ("Avez-vous déjà un financement bancaire ?", true), ("Le projet a-t-il déjà commencé ?", false) }));
        }

        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        var (type, payload) = await connection.QuerySingleAsync<(string, string)>(
            "select type, payload::text from solicitations.outbox_message where processed_at is null and type like 'PdE.Solicitations.Contracts.SolicitationSubmitted,%'");
        Assert.That(type, Does.StartWith("PdE.Solicitations.Contracts.SolicitationSubmitted,"));
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        Assert.That((root.GetProperty("solicitationId").GetGuid(), root.GetProperty("siret").GetString(), root.GetProperty("communeCode").GetString(),
                root.GetProperty("subjectSlug").GetString(), root.GetProperty("registryPending").GetBoolean()),
            Is.EqualTo((started.Id, Bakery, "75111", "financer-projet", false)));
        var company = root.GetProperty("company");
        Assert.That((company.GetProperty("name").GetString(), company.GetProperty("nafCode").GetString(), company.GetProperty("legalFormCode").GetString(),
                company.GetProperty("headcountBracket").GetString(), company.GetProperty("createdOn").GetString()),
            Is.EqualTo(("BOULANGERIE MARTIN", "10.71C", "5499", "03", "2012-03-15")));
    }

    [Test]
    public async Task Step_3_keeps_what_was_typed_in_the_draft_when_it_cannot_be_sent_yet()
    {
        var started = await SendAsync(Contact);
        await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));

        await SendAsync(new SaveDescriptionDraftCommand(started.Id, "Un four", [Answered[0], Answered[1] with { Answer = null }]));

        var draft = await SendAsync(new GetSolicitationByToken(started.Token));
        Assert.That((draft!.Status, draft.Description), Is.EqualTo(("draft", "Un four")));
        using var answers = JsonDocument.Parse(draft.Answers);
        Assert.That(answers.RootElement.EnumerateArray().Select(a => a.GetProperty("answer").ValueKind),
            Is.EqualTo(new[] { JsonValueKind.True, JsonValueKind.Null }));
    }

    [Test]
    public async Task Step_3_sends_a_request_once_and_never_before_step_2()
    {
        var started = await SendAsync(Contact);
        Assert.That(await SendAsync(Description(started.Id)), Is.False, "step 2 not done");

        await SendAsync(new ChooseEstablishmentCommand(started.Id, Bakery));
        Assert.That(await SendAsync(Description(started.Id)), Is.True);
        Assert.That(await SendAsync(Description(started.Id)), Is.False, "already sent");

        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<int>(
            "select count(*) from solicitations.outbox_message where type like 'PdE.Solicitations.Contracts.SolicitationSubmitted,%'"), Is.EqualTo(1));
    }

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    private static Task<int> EnrichAsync() =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<EnrichPendingSolicitationsJob>().EnrichAsync(CancellationToken.None));

    private static async Task<T> RowAsync<T>(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(SolicitationsTestHost.Host.Database.ConnectionString);
        return await connection.QuerySingleAsync<T>(sql, new { Id = id });
    }

    private static async Task AssertRejectedAsync<T>(T command, string property, string message)
    {
        var result = await ValidateAsync(command);
        Assert.That(result.Errors.Where(e => e.PropertyName == property).Select(e => e.ErrorMessage).FirstOrDefault(), Is.EqualTo(message));
    }

    private static Task<FluentValidation.Results.ValidationResult> ValidateAsync<T>(T command) =>
        SolicitationsTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IValidator<T>>().ValidateAsync(command));
}
