using System.Net;
using AngleSharp.Dom;
using Dapper;
using Npgsql;
using PdE.Host.Tests.Triage;

namespace PdE.Host.Tests.Journeys;

/// <summary>
/// The walking skeleton: one request, filed through the three steps of the public form and validated by the team on the
/// triage desk, crosses all five modules.
/// </summary>
public sealed class SubmitAndRouteJourneyTests : SiteTests
{
    [Test]
    public async Task A_request_filed_through_the_three_steps_and_validated_by_the_team_reaches_the_experts_of_its_commune_and_shows_in_the_stats()
    {
        var client = App.CreateBrowserLikeClient();
        var home = await PdEApplication.ParseAsync(await client.GetAsync("/"));
        Assert.That(home.QuerySelectorAll(".fr-tile__title a").Select(a => a.GetAttribute("href")), Does.Contain("/themes/financement-tresorerie"));
        var theme = await PdEApplication.ParseAsync(await client.GetAsync("/themes/financement-tresorerie"));
        Assert.That(theme.QuerySelectorAll(".fr-card__title a").Select(a => a.GetAttribute("href")), Does.Contain("/sujets/financer-projet"));
        var subject = await PdEApplication.ParseAsync(await client.GetAsync("/sujets/financer-projet?utm_campaign=relance-2026"));
        Assert.That(subject.QuerySelector("a.fr-btn--lg")!.GetAttribute("href"), Is.EqualTo("/sujets/financer-projet/demande?utm_campaign=relance-2026"));

        // Step 1: contact.
        var step1 = await PdEApplication.SubmitFormAsync(client, "/sujets/financer-projet/demande?utm_campaign=relance-2026&utm_source=newsletter", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = "jeanne@boulangerie-martin.fr",
            ["Input.Phone"] = "06 12 34 56 78",
        });
        Assert.That(step1.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var companyPath = step1.Headers.Location!.OriginalString;
        Assert.That(companyPath, Does.Match("^/ma-demande/[A-Za-z0-9_-]{43}/entreprise"));
        var token = companyPath.Split('/')[2];

        // Step 2: search on the server, then pick the establishment from the list.
        var saved = await PdEApplication.ParseAsync(await client.GetAsync(companyPath));
        Assert.That(saved.QuerySelector(".fr-alert--success")!.TextContent.Trim(), Is.EqualTo("Vos coordonnées sont enregistrées."));
        Assert.That((saved.Title, saved.QuerySelector(".fr-alert--error")), Is.EqualTo(("Votre entreprise – Financer un projet ou un investissement - Place des Entreprises", (AngleSharp.Dom.IElement?)null)));
        var search = await PdEApplication.ParseAsync(await client.GetAsync($"/ma-demande/{token}/entreprise?recherche=boulangerie+martin"));
        Assert.That(search.QuerySelector(".fr-callout a")!.TextContent, Does.EndWith($"/ma-demande/{token}"), "the resume link is shown");
        Assert.That(search.QuerySelectorAll("input[type=radio][name='Input.Siret']").Select(i => i.GetAttribute("value")), Is.EqualTo(new[] { "73282932000074" }));
        var step2 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche=boulangerie+martin",
            new Dictionary<string, string> { ["Input.Siret"] = "73282932000074" });
        Assert.That(step2.Headers.Location!.OriginalString, Is.EqualTo($"/ma-demande/{token}/description"));

        // Step 3: the prompt is pre-filled with the subject's guidance and questions.
        var describe = await PdEApplication.ParseAsync(await client.GetAsync($"/ma-demande/{token}/description"));
        Assert.That(describe.QuerySelector("#input-description")!.TextContent, Is.EqualTo("Mon projet consiste à…"));
        Assert.That(describe.QuerySelector("#input-description-hint")!.TextContent, Does.StartWith("Décrivez le projet"));
        Assert.That(describe.QuerySelectorAll("legend").Select(l => l.TextContent.Trim()), Does.Contain("Avez-vous déjà un financement bancaire ?"));
        var step3 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/description", new Dictionary<string, string>
        {
            ["Input.Description"] = "Nous voulons acheter un four à pain <neuf>\r\npour doubler la production.",
            ["Input.Answers[0]"] = "oui",
            ["Input.Answers[1]"] = "non",
        });
        Assert.That(step3.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var thanks = await PdEApplication.ParseAsync(await client.GetAsync(step3.Headers.Location));
        Assert.That(thanks.QuerySelector("h1")!.TextContent, Does.Contain("votre demande a bien été envoyée"));
        Assert.That(thanks.QuerySelectorAll("main li, .fr-container li").Select(li => li.TextContent.Trim()), Is.SupersetOf(new[] { "Bpifrance", "Région Île-de-France" }));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var (solicitationId, status, campaign) = await connection.QuerySingleAsync<(Guid, string, string)>(
            "select id, status, utm_campaign from solicitations.solicitation where email = 'jeanne@boulangerie-martin.fr' and phone = '0612345678' and siret = '73282932000074' and commune_code = '75111'");
        Assert.That((status, campaign), Is.EqualTo(("received", "relance-2026")));
        Assert.That((await client.GetAsync($"/ma-demande/{token}")).Headers.Location!.OriginalString, Is.EqualTo($"/demande/envoyee/{solicitationId}"),
            "the resume link of a sent request leads to its receipt");

        // Nothing is routed before the team validates the request on the triage desk.
        await Task.Delay(500);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.need"), Is.Zero);
        var admin = await App.SignedInClientAsync();
        var validated = await TriageDesk.ActAsync(admin, "Validate", [solicitationId]);
        Assert.That(validated.Headers.Location!.OriginalString, Is.EqualTo(TriageDesk.Path));
        var desk = await PdEApplication.ParseAsync(await admin.GetAsync(validated.Headers.Location));
        Assert.That(desk.QuerySelector(".fr-alert--success")!.TextContent.Trim(), Is.EqualTo("1 demande validée et transmise aux conseillers."));

        // Matching routes with the establishment's commune: the Paris experts of the subject, by e-mail.
        var email = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "julie.moreau@bpifrance.example.fr"));
        Assert.That(email.Subject, Does.StartWith("Nouvelle demande : BOULANGERIE MARTIN, "));
        Assert.That(email.HtmlBody, Does.Contain("732 829 320 00074").And.Contain("four à pain &lt;neuf&gt;<br>pour"));
        // The commune by name and postcode, and a link straight to the need page.
        Assert.That(email.TextBody, Does.Contain("Commune : Paris 11e Arrondissement (75011)").And.Match(@"/conseiller/besoins/[0-9a-f-]{36}"));

        var experts = await WaitForMatchesAsync(connection, solicitationId, 2);
        Assert.That(experts, Is.EquivalentTo(new[] { "Julie Moreau", "Marie Lefebvre" }));

        // Stats are fed by the same events; wait for the projection to catch up.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IDocument stats;
        do
        {
            stats = await PdEApplication.ParseAsync(await client.GetAsync("/stats"));
            if (stats.QuerySelector("#besoins-orientes")!.TextContent.Trim() == "1") break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.That(stats.QuerySelector("#demandes-recues")!.TextContent.Trim(), Is.EqualTo("1"));
        Assert.That(stats.QuerySelector("#besoins-orientes")!.TextContent.Trim(), Is.EqualTo("1"));

        // Each filter keeps the request (a bakery of Paris 11e, 6 to 9 employees, this month) or leaves it out.
        var month = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, PdE.Shared.Text.French.Paris).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (query, expected) in new[]
                 {
                     ("region=11", "1"), ("region=53", "0"), ("departement=75", "1"), ("departement=13", "0"),
                     ("theme=financement-tresorerie", "1"), ("sujet=financer-projet", "1"), ("sujet=autre-demande", "0"),
                     ($"du={month}&au={month}", "1"), ("du=2020-01&au=2020-12", "0"),
                 })
        {
            var filtered = await PdEApplication.ParseAsync(await client.GetAsync("/stats?" + query));
            Assert.That((filtered.QuerySelector("#demandes-recues")!.TextContent.Trim(), filtered.QuerySelector("#besoins-orientes")!.TextContent.Trim()),
                Is.EqualTo((expected, expected)), query);
        }

        var sizes = await PdEApplication.ParseAsync(await client.GetAsync("/stats?departement=75"));
        Assert.That(sizes.QuerySelectorAll("#tableau-taille tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim()))),
            Is.EqualTo(new[] { "1 à 9 salariés | 1" }), "only the sizes with requests are listed");
        var csv = await client.GetAsync("/stats?departement=75&handler=Csv&tableau=mois");
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That((await csv.Content.ReadAsStringAsync()).Split("\r\n"), Does.Contain($"{month};1;1;0;0"));
    }

    [Test]
    public async Task A_bad_step_is_shown_again_with_french_errors_and_what_was_typed()
    {
        var client = App.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/sujets/autre-demande/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = "jeanne.martin",
            ["Input.Phone"] = "06 12",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.Title, Does.StartWith("Erreur"));
        Assert.That(page.QuerySelector("#input-email-error")!.TextContent, Is.EqualTo("Indiquez une adresse électronique valide, par exemple nom@domaine.fr."));
        Assert.That(page.QuerySelector("#input-phone-error")!.TextContent, Does.StartWith("Indiquez un numéro de téléphone valide"));
        Assert.That(page.QuerySelector("#input-fullname")!.GetAttribute("value"), Is.EqualTo("Jeanne Martin"));
        Assert.That(page.QuerySelector("#input-phone")!.GetAttribute("value"), Is.EqualTo("06 12"));
        Assert.That(page.QuerySelectorAll(".fr-alert--error li a").Select(a => a.GetAttribute("href")), Is.EqualTo(new[] { "#input-email", "#input-phone" }));
    }

    [Test]
    public async Task A_closed_establishment_is_refused_with_a_clear_message_and_an_unchanged_prompt_too()
    {
        var client = App.CreateBrowserLikeClient();
        var token = await StartAsync(client, "financer-projet");

        var closed = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche=imprimerie+gutenberg",
            new Dictionary<string, string> { ["Input.Siret"] = "41985362700018" });
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(closed);
        Assert.That(page.QuerySelector("#etablissements-error")!.TextContent,
            Is.EqualTo("Cet établissement est fermé d’après le répertoire des entreprises : choisissez un établissement en activité."));
        Assert.That(page.QuerySelector("#input-siret")!.HasAttribute("checked"), Is.True, "the choice is kept");

        // The description step cannot be reached before step 2 is done.
        Assert.That((await client.GetAsync($"/ma-demande/{token}/description")).Headers.Location!.OriginalString, Is.EqualTo($"/ma-demande/{token}/entreprise"));

        await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche=73282932000074",
            new Dictionary<string, string> { ["Input.Siret"] = "73282932000074" });
        var unchanged = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/description", new Dictionary<string, string>
        {
            ["Input.Description"] = "Mon projet consiste à…",
            ["Input.Answers[0]"] = "oui",
        });
        var errors = await PdEApplication.ParseAsync(unchanged);
        Assert.That(errors.QuerySelector("#input-description-error")!.TextContent, Is.EqualTo("Complétez le texte proposé avec votre propre situation : il n’a pas été modifié."));
        Assert.That(errors.QuerySelector("#input-answers-1-error")!.TextContent, Is.EqualTo("Répondez par oui ou par non."));
        Assert.That(errors.QuerySelector("#input-answers-0")!.HasAttribute("checked"), Is.True, "the answer given is kept");

        // Coming back later through the resume link brings back what was typed at step 3.
        var resumed = await client.GetAsync($"/ma-demande/{token}");
        Assert.That(resumed.Headers.Location!.OriginalString, Is.EqualTo($"/ma-demande/{token}/description"));
        var back = await PdEApplication.ParseAsync(await client.GetAsync(resumed.Headers.Location));
        Assert.That(back.QuerySelector("#input-answers-0")!.HasAttribute("checked"), Is.True);
        Assert.That(back.QuerySelector("#input-answers-1")!.HasAttribute("checked") || back.QuerySelector("#input-answers-1-non")!.HasAttribute("checked"), Is.False);
    }

    [Test]
    public async Task A_subject_for_a_project_asks_for_the_commune_and_the_amount_instead_of_a_company()
    {
        var client = App.CreateBrowserLikeClient();
        var token = await StartAsync(client, "reprendre");

        var form = await PdEApplication.ParseAsync(await client.GetAsync($"/ma-demande/{token}/entreprise"));
        Assert.That(form.QuerySelector("#recherche"), Is.Null);
        var bad = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise",
            new Dictionary<string, string> { ["Input.Postcode"] = "99999", ["Input.Amount"] = "" }));
        Assert.That(bad.QuerySelector("#input-postcode-error")!.TextContent, Is.EqualTo("Aucune commune n’a ce code postal : vérifiez-le."));
        Assert.That(bad.QuerySelector("#input-amount-error")!.TextContent, Is.EqualTo("Indiquez le montant recherché, en euros."));

        var saved = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise",
            new Dictionary<string, string> { ["Input.Postcode"] = "35000", ["Input.Amount"] = "150 000" });
        Assert.That(saved.Headers.Location!.OriginalString, Is.EqualTo($"/ma-demande/{token}/description"));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<(string, int)>(
                "select commune_code, amount from solicitations.solicitation where commune_code = '35238' and amount = 150000"),
            Is.EqualTo(("35238", 150000)));
    }

    [Test]
    public async Task The_old_entry_point_opens_the_form_of_the_other_request_subject_and_an_unknown_link_is_not_found()
    {
        var client = App.CreateBrowserLikeClient();

        var old = await client.GetAsync("/demande?utm_source=partenaire");
        Assert.That(old.Headers.Location!.OriginalString, Is.EqualTo("/sujets/autre-demande/demande?utm_source=partenaire"));
        Assert.That((await client.GetAsync(old.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var unknown = new string('A', 43);
        Assert.That((await client.GetAsync($"/ma-demande/{unknown}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync($"/ma-demande/{unknown}/entreprise")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync($"/ma-demande/{unknown}/description")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/sujets/inconnu")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/themes/inconnu")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var client = App.CreateBrowserLikeClient();
        var response = await client.PostAsync("/sujets/autre-demande/demande", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.FullName"] = "X" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    /// <summary>Step 1 done for this subject; returns the private token.</summary>
    internal static async Task<string> StartAsync(HttpClient client, string subject)
    {
        var response = await PdEApplication.SubmitFormAsync(client, $"/sujets/{subject}/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = "jeanne.martin@boulangerie-martin.fr",
            ["Input.Phone"] = "06 12 34 56 78",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return response.Headers.Location!.OriginalString.Split('/')[2];
    }

    /// <summary>The three steps for a subject without questions; returns the last step's response (a redirect to the receipt).</summary>
    internal static async Task<HttpResponseMessage> FileAsync(HttpClient client, string subject, string siret, string description)
    {
        var token = await StartAsync(client, subject);
        var step2 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche={siret}",
            new Dictionary<string, string> { ["Input.Siret"] = siret });
        Assert.That(step2.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/description",
            new Dictionary<string, string> { ["Input.Description"] = description });
    }

    private static async Task<string[]> WaitForMatchesAsync(NpgsqlConnection connection, Guid solicitationId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] experts;
        do
        {
            experts = (await connection.QueryAsync<string>("""
                select m.expert_name from matching.match m join matching.need n on n.id = m.need_id where n.solicitation_id = @solicitationId
                """, new { solicitationId })).ToArray();
            if (experts.Length >= count) break;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return experts;
    }
}
