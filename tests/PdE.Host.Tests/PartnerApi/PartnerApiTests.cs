using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;
using static PdE.Host.Tests.PartnerApi.PartnerApiClient;

namespace PdE.Host.Tests.PartnerApi;

/// <summary>
/// The partner API over HTTP: a key created on the admin page sends a request through the same intake as the public form,
/// and the desk shows which partner sent it, written in one transaction (a failure half-way leaves nothing); expired, revoked
/// and unknown keys get the same 401; bad bodies get French problem details; each key has its own per-minute limit.
/// </summary>
public sealed class PartnerApiTests : SiteTests
{
    private const string Cci = "Chambre de commerce et d’industrie (CCI)";
    private const int PerMinute = 4;

    private HttpClient admin = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:PartnerApiPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:RequestsPerEmailPerHour"] = "2",
    };

    [OneTimeSetUp]
    public async Task SignInAsync() => admin = await App.SignedInClientAsync();

    [Test]
    public async Task A_key_created_on_the_admin_page_sends_a_request_that_the_desk_shows_with_its_partner()
    {
        var key = await CreateKeyAsync(App, admin, "Formulaire du site de la CCI");
        Assert.That(key, Does.Match("^pde_[A-Za-z0-9_-]{43}$"));
        var client = App.CreateClient();

        var id = await CreatedIdAsync(await PostAsync(client, key, Body("jeanne@api-boulangerie.fr")));
        var again = await CreatedIdAsync(await PostAsync(client, key, Body("jeanne@api-boulangerie.fr")));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var row = await connection.QuerySingleAsync<(string Status, string Siret, string CompanyName, string Campaign, string Origin, Guid InstitutionId)>(
            "select status, siret, company_name, utm_campaign, origin_page, partner_institution_id from solicitations.solicitation where id = @id", new { id });
        Assert.That(row, Is.EqualTo(("received", "73282932000074", "BOULANGERIE MARTIN", "partenaire-cci-2026",
            "https://www.cci.example.fr/aides/recrutement", await InstitutionIdAsync(App, "cci"))));
        var stored = await connection.QuerySingleAsync<(byte[] Hash, string Prefix, DateTime? LastUsed)>(
            "select secret_hash, key_prefix, last_used_at from solicitations.partner_api_key where label = 'Formulaire du site de la CCI'");
        Assert.That(stored.Hash, Is.EqualTo(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(key))), "only the SHA-256 is kept");
        Assert.That(await connection.ExecuteScalarAsync<int>(
            "select count(*) from solicitations.partner_api_key k where k::text like '%' || @key || '%'", new { key }), Is.Zero, "never the secret");
        Assert.That(stored.Prefix, Is.EqualTo(key[..12]));
        Assert.That(stored.LastUsed, Is.Not.Null);
        Assert.That(await connection.ExecuteScalarAsync<int>(
            "select count(*) from solicitations.outbox_message where type like '%SolicitationSubmitted%' and payload::text like '%' || @id || '%'", new { id = id.ToString() }), Is.EqualTo(1));

        // The confirmation e-mail, with its follow-up link, as for the public form.
        var confirmation = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "jeanne@api-boulangerie.fr"));
        Assert.That(confirmation.Subject, Is.EqualTo("Votre demande à Place des Entreprises a bien été reçue"));
        Assert.That(confirmation.TextBody, Does.Match(@"https?://\S+/suivi/[A-Za-z0-9_-]{43}"));

        // The desk: provenance and the duplicate flag of the second request.
        var card = await PdEApplication.ParseAsync(await admin.GetAsync($"/conseiller/sollicitations/{id}"));
        Assert.That(card.QuerySelector(".solicitation-partner")!.TextContent,
            Is.EqualTo($"API partenaire : {Cci} (clé « Formulaire du site de la CCI », {key[..12]}…)"));
        Assert.That(card.Body!.TextContent, Does.Contain("campagne partenaire-cci-2026").And.Contain("Doublon possible"));
        var desk = await PdEApplication.ParseAsync(await admin.GetAsync("/conseiller/sollicitations"));
        Assert.That(desk.QuerySelector($"#demande-{again} .solicitation-partner"), Is.Not.Null);

        // The admin page: the key, used today, still active; never its secret.
        var keys = await admin.GetStringAsync(AdminPage);
        Assert.That(keys, Does.Not.Contain(key));
        var table = (await PdEApplication.ParseAsync(await admin.GetAsync(AdminPage))).QuerySelectorAll("table")
            .Single(t => t.QuerySelector("caption")!.TextContent == Cci);
        var cells = table.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Formulaire du site de la CCI")
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.That(cells[0], Is.EqualTo(key[..12] + "…"));
        Assert.That(cells[1], Does.EndWith("par Administrateur de démonstration"));
        Assert.That(cells[3], Does.StartWith("le "));
        Assert.That(cells[4], Is.EqualTo("Active"));
    }

    [Test]
    public async Task An_expired_a_revoked_an_unknown_and_a_missing_key_get_the_same_french_401_and_nothing_is_saved()
    {
        var expired = await CreateKeyAsync(App, admin, "Clé qui expire");
        var revoked = await CreateKeyAsync(App, admin, "Clé révoquée");
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync(
            "update solicitations.partner_api_key set created_at = now() - interval '2 days', expires_at = now() - interval '1 minute' where label = 'Clé qui expire'");
        var revokedId = await connection.ExecuteScalarAsync<Guid>("select id from solicitations.partner_api_key where label = 'Clé révoquée'");
        var page = await PdEApplication.ParseAsync(await admin.GetAsync(AdminPage));
        var revokeForm = page.QuerySelector<IHtmlFormElement>($"form[action*='{revokedId}']")!;
        var revokedAnswer = await Admin.AdminClient.PostFormAsync(admin, revokeForm);
        Assert.That(revokedAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await admin.GetAsync(AdminPage));
        Assert.That(after.QuerySelector("[role=status]")!.TextContent, Is.EqualTo("La clé a été révoquée : elle est refusée dès maintenant."));
        Assert.That(after.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Clé révoquée").TextContent,
            Does.Contain("Révoquée").And.Contain("par Administrateur de démonstration"));
        Assert.That(after.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Clé qui expire").TextContent, Does.Contain("Expirée"));

        var client = App.CreateClient();
        var answers = new List<(HttpStatusCode, string?, string)>();
        foreach (var key in new[] { expired, revoked, "pde_" + new string('A', 43), "n-importe-quoi", null })
        {
            var response = await PostAsync(client, key, Body("refuse@api-boulangerie.fr"));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            answers.Add((response.StatusCode, response.Headers.WwwAuthenticate.ToString(), await response.Content.ReadAsStringAsync()));
        }

        Assert.That(answers.Distinct().Count(), Is.EqualTo(1), "the same answer whatever the reason: " + string.Join("\n", answers));
        Assert.That(answers[0].Item1, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(answers[0].Item2, Is.EqualTo("Bearer"));
        Assert.That(answers[0].Item3, Does.Contain("\"title\":\"Clé d’API refusée\""));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from solicitations.solicitation where email = 'refuse@api-boulangerie.fr'"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<DateTime?>("select last_used_at from solicitations.partner_api_key where id = @revokedId", new { revokedId }), Is.Null);
    }

    [Test]
    public async Task An_invalid_body_gets_french_problem_details_for_every_field_and_nothing_is_saved()
    {
        var key = await CreateKeyAsync(App, admin, "Clé des erreurs");
        var client = App.CreateClient();

        var response = await PostAsync(client, key, Body("pas-une-adresse", body =>
        {
            body["contact"]!["fullName"] = "";
            body["siret"] = "73282932000075";
            body["subject"] = "financer-projet";
            body["description"] = "Trop court";
            body["answers"] = new System.Text.Json.Nodes.JsonObject { ["financement-bancaire"] = null, ["inventee"] = true };
            body["landing"] = "page-inconnue";
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ProblemAsync(response);
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("La demande n’a pas été enregistrée : corrigez les champs indiqués."));
        Assert.That(ErrorsOf(problem, "contact.fullName"), Is.EqualTo(new[] { "Indiquez vos prénom et nom." }));
        Assert.That(ErrorsOf(problem, "contact.email"), Is.EqualTo(new[] { "Indiquez une adresse électronique valide, par exemple nom@domaine.fr." }));
        Assert.That(ErrorsOf(problem, "siret"), Is.EqualTo(new[] { "Ce numéro SIRET n’existe pas : vérifiez-le sur votre avis de situation Insee ou votre extrait Kbis." }));
        Assert.That(ErrorsOf(problem, "description"), Is.EqualTo(new[] { "Décrivez votre besoin en quelques phrases (20 caractères au moins)." }));
        Assert.That(ErrorsOf(problem, "answers.financement-bancaire"), Is.EqualTo(new[] { "Répondez par oui ou par non." }));
        Assert.That(ErrorsOf(problem, "answers.inventee"), Is.EqualTo(new[] { "Le sujet n’a pas de question « inventee » : indiquez les identifiants de ses questions." }));
        Assert.That(ErrorsOf(problem, "landing"), Has.Length.EqualTo(1).And.One.StartsWith("La page d’accueil « page-inconnue » n’existe pas"));
        Assert.That(ErrorsOf(problem, "contact.phone"), Is.Empty);

        var unknownSubject = await ProblemAsync(await PostAsync(client, key, Body("jeanne@erreurs.fr", body => body["subject"] = "sujet-inconnu")));
        Assert.That(ErrorsOf(unknownSubject, "subject"), Is.EqualTo(new[]
            { "Le sujet « sujet-inconnu » n’existe pas dans le catalogue : indiquez l’identifiant d’un sujet public, par exemple financer-projet." }));
        Assert.That(((System.Text.Json.Nodes.JsonObject)unknownSubject["errors"]!).Count, Is.EqualTo(1));

        var unreadable = await PostRawAsync(client, key, new StringContent("{\"contact\": {\"nom\": \"Jeanne\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(unreadable.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ProblemAsync(unreadable))["detail"]!.GetValue<string>(), Does.StartWith("Le corps de la requête n’est pas un objet JSON lisible (à $.contact"));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>(
            "select count(*) from solicitations.solicitation where email in ('pas-une-adresse', 'jeanne@erreurs.fr')"), Is.Zero);
    }

    [Test]
    public async Task A_closed_establishment_is_refused_on_the_siret_field_and_a_blocked_sender_is_told_nothing()
    {
        var key = await CreateKeyAsync(App, admin, "Clé des refus");
        var client = App.CreateClient();

        var closed = await ProblemAsync(await PostAsync(client, key, Body("imprimerie@api-fermee.fr", body => body["siret"] = "41985362700018")));
        Assert.That(ErrorsOf(closed, "siret"), Is.EqualTo(new[] { "Cet établissement est fermé d’après le répertoire des entreprises : choisissez un établissement en activité." }));
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from solicitations.solicitation where email = 'imprimerie@api-fermee.fr'"),
            Is.Zero, "no draft is kept: the partner has no link to resume it");

        await connection.ExecuteAsync("""
            insert into solicitations.blocked_sender (id, kind, value, reason, created_by)
            values (gen_random_uuid(), 'domain', 'spam-api.fr', 'Envois publicitaires répétés', 'Test')
            """);
        var blocked = await CreatedIdAsync(await PostAsync(client, key, Body("robot@spam-api.fr")));
        Assert.That(await connection.ExecuteScalarAsync<string>("select status from solicitations.solicitation where id = @blocked", new { blocked }), Is.EqualTo("blocked"));
    }

    [Test]
    public async Task An_accepted_request_is_written_in_one_transaction_with_its_events()
    {
        var key = await CreateKeyAsync(App, admin, "Clé d’une seule transaction");
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        // Every write of the request's row and every event written notes its transaction: the request is written whole, once
        // (written step by step as the form does, draft, establishment, sending, it would show three). Background work does not write this row or insert events
        // naming it, so it cannot blur the count.
        await connection.ExecuteAsync("""
            create schema test_writes;
            create table test_writes.write (table_name text not null, row_text text not null, xid bigint not null);
            create function test_writes.note() returns trigger language plpgsql as $$
            begin
                insert into test_writes.write values (tg_table_name, to_jsonb(new)::text, txid_current());
                return null;
            end $$;
            create trigger test_writes after insert or update on solicitations.solicitation
                for each row when (new.email = 'une-transaction@api-boulangerie.fr') execute function test_writes.note();
            create trigger test_writes after insert on solicitations.outbox_message
                for each row execute function test_writes.note();
            """);
        List<(string Table, long Xid)> writes;
        try
        {
            var id = await CreatedIdAsync(await PostAsync(App.CreateClient(), key, Body("une-transaction@api-boulangerie.fr")));
            writes = (await connection.QueryAsync<(string, long)>(
                "select table_name, xid from test_writes.write where row_text like '%' || @id || '%'", new { id = id.ToString() })).AsList();
        }
        finally
        {
            await connection.ExecuteAsync("drop schema test_writes cascade");
        }

        Assert.That(writes.Count(w => w.Table == "solicitation"), Is.EqualTo(1), "the request written whole, once: " + string.Join(", ", writes));
        Assert.That(writes.Count(w => w.Table == "outbox_message"), Is.EqualTo(2), "SolicitationSubmitted and FollowUpLinkIssued: " + string.Join(", ", writes));
        Assert.That(writes.Select(w => w.Xid).Distinct().Count(), Is.EqualTo(1), "one transaction: " + string.Join(", ", writes));
    }

    [Test]
    public async Task A_failure_at_the_last_step_leaves_nothing_behind_not_even_a_draft()
    {
        var key = await CreateKeyAsync(App, admin, "Clé de l’échec");
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        // The sending's event cannot be written: the request, written just before it, must go with it.
        await connection.ExecuteAsync("""
            create function public.test_refuse_event() returns trigger language plpgsql as $$
            begin
                raise exception 'test: this event cannot be written';
            end $$;
            create trigger test_refuse_event before insert on solicitations.outbox_message
                for each row when (new.payload::text like '%[echec-simule]%') execute function public.test_refuse_event();
            """);
        HttpResponseMessage failed;
        try
        {
            failed = await PostAsync(App.CreateClient(), key, Body("echec@api-boulangerie.fr",
                body => body["description"] = "Nous cherchons à embaucher deux apprentis boulangers [echec-simule]."));
        }
        finally
        {
            await connection.ExecuteAsync("drop function public.test_refuse_event() cascade");
        }

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That((await ProblemAsync(failed))["title"]!.GetValue<string>(), Is.EqualTo("Erreur interne"));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from solicitations.solicitation where email = 'echec@api-boulangerie.fr'"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from solicitations.outbox_message where payload::text like '%echec@api-boulangerie.fr%'"), Is.Zero);
    }

    [Test]
    public async Task More_than_two_requests_an_hour_for_one_email_address_get_a_429_like_the_form()
    {
        var key = await CreateKeyAsync(App, admin, "Clé par adresse");
        var client = App.CreateClient();

        await CreatedIdAsync(await PostAsync(client, key, Body("trois-fois@api-boulangerie.fr")));
        await CreatedIdAsync(await PostAsync(client, key, Body("trois-fois@api-boulangerie.fr")));
        var third = await PostAsync(client, key, Body("trois-fois@api-boulangerie.fr"));

        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await ProblemAsync(third))["detail"]!.GetValue<string>(), Does.StartWith("Plusieurs demandes ont déjà été envoyées avec cette adresse électronique"));
    }

    [Test]
    public async Task Refused_calls_do_not_count_against_the_address_s_hourly_limit()
    {
        var key = await CreateKeyAsync(App, admin, "Clé des essais");
        var client = App.CreateClient();
        const string Email = "essais@api-imprimerie.fr";

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var closed = await PostAsync(client, key, Body(Email, body => body["siret"] = "41985362700018"));
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a closed establishment is refused");
        }

        await CreatedIdAsync(await PostAsync(client, key, Body(Email)));
    }

    [Test]
    public async Task A_key_over_its_limit_per_minute_gets_a_french_429_while_another_key_goes_on()
    {
        var busy = await CreateKeyAsync(App, admin, "Clé pressée");
        var calm = await CreateKeyAsync(App, admin, "Clé tranquille");
        var client = App.CreateClient();
        var invalid = Body("", body => body["subject"] = "");

        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call <= PerMinute; call++)
        {
            statuses.Add((await PostAsync(client, busy, invalid)).StatusCode);
        }

        var limited = await PostAsync(client, busy, invalid);
        Assert.That(statuses, Is.EqualTo(Enumerable.Repeat(HttpStatusCode.BadRequest, PerMinute).Append(HttpStatusCode.TooManyRequests)));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter!.ToString(), Is.EqualTo("60"));
        Assert.That((await ProblemAsync(limited))["detail"]!.GetValue<string>(),
            Is.EqualTo($"Cette clé a dépassé la limite de {PerMinute} demandes par minute : réessayez dans une minute."));
        Assert.That((await PostAsync(client, calm, invalid)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_unknown_address_a_wrong_method_and_an_unexpected_failure_get_french_problem_details_not_the_html_error_page()
    {
        var client = App.CreateClient();

        var unknown = await client.PostAsync("/api/v1/entreprises", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ProblemAsync(unknown))["title"]!.GetValue<string>(), Is.EqualTo("Adresse inconnue"));

        var get = await client.GetAsync(Endpoint);
        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That((await ProblemAsync(get))["detail"]!.GetValue<string>(),
            Is.EqualTo("L’adresse /api/v1/solicitations n’accepte pas la méthode GET ; méthodes acceptées : POST."));

        // A failure nobody planned for: the keys' table is out of reach while the call runs.
        var key = await CreateKeyAsync(App, admin, "Clé de la panne");
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("alter table solicitations.partner_api_key rename to partner_api_key_away");
        HttpResponseMessage failed;
        try
        {
            failed = await PostAsync(client, key, Body("panne@api-boulangerie.fr"));
        }
        finally
        {
            await connection.ExecuteAsync("alter table solicitations.partner_api_key_away rename to partner_api_key");
        }

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var problem = await ProblemAsync(failed);
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("Erreur interne"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("Le service a rencontré une erreur inattendue et n’a pas pu traiter votre demande.")
            .And.EndWith(problem["traceId"]!.GetValue<string>() + "."));
        Assert.That(await connection.ExecuteScalarAsync<int>("select count(*) from solicitations.solicitation where email = 'panne@api-boulangerie.fr'"), Is.Zero);

        // The site's own pages keep their HTML error page.
        var page = await client.GetAsync("/page-qui-n-existe-pas");
        Assert.That((page.StatusCode, page.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "text/html")));
    }

    [Test]
    public async Task The_admin_form_refuses_a_key_without_institution_or_valid_over_a_year_in_french()
    {
        var page = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(admin, AdminPage, new Dictionary<string, string>
        {
            ["Input.InstitutionId"] = "",
            ["Input.Label"] = "Trop longue",
            ["Input.ValidUntil"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1).AddDays(2).ToString("yyyy-MM-dd"),
        }));

        Assert.That(page.Title, Does.StartWith("Erreur : Clés d’API des partenaires"));
        Assert.That(page.QuerySelector("#input-institutionid-error")!.TextContent, Is.EqualTo("Choisissez l’institution partenaire à qui la clé est destinée."));
        Assert.That(page.QuerySelector("#input-validuntil-error")!.TextContent, Does.Match(@"^Une clé est valable un an au plus : choisissez une date jusqu’au \d\d/\d\d/\d{4}\.$"));
        Assert.That(page.QuerySelector("#cle-creee"), Is.Null);

        var missing = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(admin, AdminPage, new Dictionary<string, string>
        {
            ["Input.InstitutionId"] = (await InstitutionIdAsync(App, "cci")).ToString(),
            ["Input.Label"] = "Sans date",
            ["Input.ValidUntil"] = "",
        }));
        Assert.That(missing.QuerySelector("#input-validuntil-error")!.TextContent, Is.EqualTo("Indiquez jusqu’à quelle date la clé est valable."));
        Assert.That(Regex.IsMatch(missing.QuerySelector("#input-label")!.GetAttribute("value") ?? "", "^Sans date$"), Is.True, "what was typed is kept");
    }

    [Test]
    public async Task The_admin_form_proposes_a_key_valid_for_the_longest_allowed()
    {
        var page = await PdEApplication.ParseAsync(await admin.GetAsync(AdminPage));
        var today = DateOnly.FromDateTime(PdE.Shared.Text.French.ToParis(DateTime.UtcNow));

        Assert.That(page.QuerySelector("#input-validuntil")!.GetAttribute("value"), Is.EqualTo(today.AddYears(1).ToString("yyyy-MM-dd")));
    }
}
