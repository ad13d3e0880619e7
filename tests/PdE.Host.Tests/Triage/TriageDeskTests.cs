using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace PdE.Host.Tests.Triage;

/// <summary>The triage desk over HTTP: admins only, tabs with counts, filters and search, mass actions and the request's page.</summary>
public sealed class TriageDeskTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";

    private HttpClient admin = null!;
    private Guid hélène;
    private Guid bakery;
    private Guid garage;

    [OneTimeSetUp]
    public async Task SignInAsync() => admin = await App.SignedInClientAsync();

    [SetUp]
    public async Task SeedAsync()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("delete from solicitations.solicitation_event; delete from solicitations.follow_up_match; delete from solicitations.solicitation where status <> 'draft'");
        hélène = await InsertAsync(connection, "Hélène Bérénice", "helene@creche-des-lutins.fr", "financer-projet", "Création d’une crèche d’entreprise pour nos salariés.");
        bakery = await InsertAsync(connection, "Jeanne Martin", "jeanne@boulangerie-martin.fr", "financer-projet", "Nous voulons acheter un four à pain neuf.");
        garage = await InsertAsync(connection, "Paul Garnier", "paul@garage-garnier.fr", "recruter", "Nous cherchons un mécanicien en alternance.");
        await connection.ExecuteAsync("update solicitations.solicitation set status = 'canceled', cancel_reply = 'doublon' where id = @garage", new { garage });
    }

    [Test]
    public async Task An_advisor_who_is_not_admin_gets_a_french_403_and_an_anonymous_visitor_signs_in_first()
    {
        var advisor = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        foreach (var path in new[] { TriageDesk.Path, $"{TriageDesk.Path}/{bakery}" })
        {
            var response = await advisor.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), path);
            Assert.That((await PdEApplication.ParseAsync(response)).QuerySelector("h1")!.TextContent, Is.EqualTo("Accès refusé"));
            Assert.That((await App.CreateBrowserLikeClient().GetAsync(path)).Headers.Location!.ToString(), Does.Contain("/connexion"));
        }

        var home = await PdEApplication.ParseAsync(await advisor.GetAsync("/"));
        Assert.That(home.QuerySelector($"header a[href='{TriageDesk.Path}']"), Is.Null);
        var adminHome = await PdEApplication.ParseAsync(await admin.GetAsync("/"));
        Assert.That(adminHome.QuerySelector($"header a[href='{TriageDesk.Path}']")!.TextContent, Is.EqualTo("Sollicitations"));
    }

    [Test]
    public async Task The_tabs_show_their_counts_and_the_received_requests_as_cards_with_their_flags()
    {
        var response = await admin.GetAsync(TriageDesk.Path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var page = await PdEApplication.ParseAsync(response);

        Assert.That(page.QuerySelectorAll(".triage-tabs a").Select(a => a.TextContent.Split().Where(w => w.Length > 0).Aggregate((x, y) => $"{x} {y}")),
            Is.EqualTo(new[] { "Reçues 2", "Mises en relation 0", "Abandonnées 1", "Mises de côté 0" }));
        Assert.That(page.QuerySelector(".triage-tabs a[aria-current=page]")!.Id, Is.EqualTo("onglet-recues"));
        Assert.That(page.QuerySelectorAll(".solicitation-card h3 label").Select(h => h.TextContent.Trim()),
            Is.EqualTo(new[] { "Sélectionner la demande de Hélène Bérénice", "Sélectionner la demande de Jeanne Martin" }));
        var card = page.QuerySelector($"#demande-{bakery}")!;
        Assert.That(card.TextContent, Does.Contain("732 829 320 00074").And.Contain("06 12 34 56 78").And.Contain("Paris 11e Arrondissement (75011), Île-de-France"));
        Assert.That(card.QuerySelectorAll(".fr-badge").Select(b => b.TextContent), Does.Contain("Intermédiaire possible"), "NAF 70.22Z");

        var canceled = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?onglet=abandonnees"));
        Assert.That(canceled.QuerySelectorAll(".solicitation-card").Select(c => c.Id), Is.EqualTo(new[] { $"demande-{garage}" }));
        Assert.That(canceled.QuerySelector(".solicitation-card")!.TextContent, Does.Contain("Demande en doublon"));
    }

    [Test]
    public async Task Filters_and_a_search_without_accents_narrow_the_list_and_the_counts()
    {
        var search = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?q=CRECHE+helene"));
        Assert.That(search.QuerySelectorAll(".solicitation-card").Select(c => c.Id), Is.EqualTo(new[] { $"demande-{hélène}" }));
        Assert.That(search.QuerySelector("#onglet-recues .triage-count")!.TextContent, Is.EqualTo("1"));
        Assert.That(search.QuerySelector("#onglet-abandonnees")!.GetAttribute("href"), Does.Contain("q=CRECHE%20helene").Or.Contain("q=CRECHE+helene"));

        var subject = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?sujet=recruter&onglet=abandonnees"));
        Assert.That(subject.QuerySelectorAll(".solicitation-card").Select(c => c.Id), Is.EqualTo(new[] { $"demande-{garage}" }));
        Assert.That(subject.QuerySelector("#onglet-recues .triage-count")!.TextContent, Is.EqualTo("0"));

        var brittany = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?region=53"));
        Assert.That(brittany.QuerySelectorAll(".solicitation-card"), Is.Empty);
        Assert.That(brittany.QuerySelector("#region option[selected]")!.TextContent, Is.EqualTo("Bretagne"));
        var paris = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?region=11"));
        Assert.That(paris.QuerySelectorAll(".solicitation-card"), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_mass_cancel_with_a_reply_abandons_the_ticked_requests_and_e_mails_each_requester()
    {
        var response = await TriageDesk.ActAsync(admin, "Cancel", [hélène, bakery], new Dictionary<string, string> { ["Mass.ReplyKey"] = "precisions" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await PdEApplication.ParseAsync(await admin.GetAsync(response.Headers.Location));
        Assert.That(page.QuerySelector(".fr-alert--success")!.TextContent.Trim(), Is.EqualTo("2 demandes abandonnées, réponse « Besoin de précisions » envoyée."));
        Assert.That(page.QuerySelector("#onglet-abandonnees .triage-count")!.TextContent, Is.EqualTo("3"));

        var email = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "helene@creche-des-lutins.fr"));
        Assert.That(email.Subject, Is.EqualTo("Votre demande à Place des Entreprises : Besoin de précisions"));
        Assert.That(email.HtmlBody, Does.Contain("Bonjour Hélène Bérénice").And.Contain("quel conseiller pourrait vous aider"));
        await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "jeanne@boulangerie-martin.fr"));

        var detail = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}/{bakery}"));
        Assert.That(detail.QuerySelector(".solicitation-timeline")!.TextContent, Does.Contain("Demande abandonnée, réponse envoyée : Besoin de précisions"));
    }

    [Test]
    public async Task A_refused_mass_action_keeps_the_ticks_and_says_why_in_french()
    {
        var response = await TriageDesk.ActAsync(admin, "Cancel", [bakery]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector(".fr-alert--error")!.TextContent.Trim(), Is.EqualTo("Choisissez la réponse à envoyer au demandeur."));
        Assert.That(page.QuerySelector($"#cocher-{bakery}")!.HasAttribute("checked"), Is.True);
        Assert.That(page.QuerySelector($"#cocher-{hélène}")!.HasAttribute("checked"), Is.False);
    }

    [Test]
    public async Task The_request_page_takes_a_comment_a_tag_and_a_subject_change_into_its_timeline()
    {
        var path = $"{TriageDesk.Path}/{bakery}";

        var comment = await PostDetailAsync(path, "Comment", new Dictionary<string, string> { ["Comment"] = "Rappelée, attend un devis." });
        Assert.That(comment.Headers.Location!.OriginalString, Is.EqualTo(path));
        await PostDetailAsync(path, "Tag", new Dictionary<string, string> { ["Tag"] = "Salon" });
        await PostDetailAsync(path, "Subject", new Dictionary<string, string> { ["Subject"] = "recruter" });
        var refused = await PostDetailAsync(path, "Subject", new Dictionary<string, string> { ["Subject"] = "inconnu" });
        Assert.That((await PdEApplication.ParseAsync(refused)).QuerySelector(".fr-alert--error")!.TextContent.Trim(), Is.EqualTo("Choisissez un sujet du catalogue."));

        var page = await PdEApplication.ParseAsync(await admin.GetAsync(path));
        Assert.That(page.QuerySelectorAll(".solicitation-timeline li").Select(li => li.TextContent.Split(" — ")[0]), Is.EqualTo(new[]
        {
            "Commentaire : Rappelée, attend un devis.",
            "Étiquette ajoutée : salon",
            "Sujet modifié : financer-projet → recruter",
        }));
        Assert.That(page.QuerySelector(".solicitation-timeline li")!.TextContent, Does.Contain("admin@place-des-entreprises.example.fr").Or.Contain("Admin"));
    }

    [Test]
    public async Task A_comment_template_chosen_without_typing_is_recorded_as_the_comment()
    {
        var path = $"{TriageDesk.Path}/{bakery}";
        var page = await PdEApplication.ParseAsync(await admin.GetAsync(path));
        Assert.That(page.QuerySelectorAll("#modele-commentaire option").Select(o => o.TextContent), Does.Contain("Message sur répondeur"));

        var response = await PostDetailAsync(path, "Comment", new Dictionary<string, string> { ["CommentTemplate"] = "repondeur", ["Comment"] = "" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await admin.GetAsync(path));
        Assert.That(after.QuerySelector(".solicitation-timeline li")!.TextContent,
            Does.StartWith("Commentaire : Message laissé sur le répondeur du demandeur, en attente de son rappel."));
        var typed = await PostDetailAsync(path, "Comment", new Dictionary<string, string> { ["CommentTemplate"] = "repondeur", ["Comment"] = "Rappel prévu lundi." });
        Assert.That(typed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var last = (await PdEApplication.ParseAsync(await admin.GetAsync(path))).QuerySelectorAll(".solicitation-timeline li").Last();
        Assert.That(last.TextContent, Does.StartWith("Commentaire : Rappel prévu lundi."), "what was typed wins over the template");
    }

    [Test]
    public async Task A_company_in_neither_register_is_flagged_on_the_desk_and_its_page_once_the_job_has_checked()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var freelancer = await InsertAsync(connection, "Claire Fontaine", "claire@fontaine-graphisme.fr", "transformation-numerique",
            "Je voudrais vendre mes illustrations en ligne.", siret: "91427368500018");
        var before = await PdEApplication.ParseAsync(await admin.GetAsync(TriageDesk.Path));
        Assert.That(before.QuerySelector($"#demande-{freelancer} .registers-flag"), Is.Null, "not checked yet: no flag");

        // The job the scheduler runs every few minutes, triggered now (offline demo answers: the test host has no API Entreprise token).
        var scheduler = await App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(new JobKey("check-company-registers"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await connection.ExecuteScalarAsync<bool>(
                   "select registers_checked_at is null from solicitations.solicitation where id = @freelancer", new { freelancer }) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var desk = await PdEApplication.ParseAsync(await admin.GetAsync(TriageDesk.Path));
        var flag = desk.QuerySelector($"#demande-{freelancer} .registers-flag");
        Assert.That(flag?.TextContent, Is.EqualTo("Ni RCS ni RM"));
        Assert.That(flag!.GetAttribute("title"), Is.EqualTo("Ni au RCS ni au RM : vérifier qu’il s’agit bien d’une entreprise"));
        Assert.That(desk.QuerySelector($"#demande-{bakery} .registers-flag"), Is.Null, "the bakery is in both registers");
        var page = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}/{freelancer}"));
        Assert.That(page.QuerySelector(".registers-flag"), Is.Not.Null);
        Assert.That(page.QuerySelector(".solicitation-facts")!.TextContent, Does.Contain("RCS : non inscrite · RM : non inscrite"));
    }

    [Test]
    public async Task A_request_set_aside_is_released_from_its_tab_in_bulk_or_from_its_page_then_validated_normally()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync(
                "update solicitations.solicitation set status = 'blocked', blocked_reason = 'Démarchage' where id = any(@Ids)", new { Ids = new[] { hélène, bakery } });
        }

        var setAside = await PdEApplication.ParseAsync(await admin.GetAsync($"{TriageDesk.Path}?onglet=mises-de-cote"));
        Assert.That(setAside.QuerySelectorAll(".solicitation-card").Select(c => c.Id), Is.EquivalentTo(new[] { $"demande-{hélène}", $"demande-{bakery}" }));

        var bulk = await TriageDesk.ActAsync(admin, "Release", [hélène], deskPath: $"{TriageDesk.Path}?onglet=mises-de-cote");
        Assert.That(bulk.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await admin.GetAsync(bulk.Headers.Location));
        Assert.That(after.QuerySelector(".fr-alert--success")!.TextContent.Trim(), Is.EqualTo("1 demande remise dans les reçues."));
        Assert.That(after.QuerySelector("#onglet-mises-de-cote .triage-count")!.TextContent, Is.EqualTo("1"));
        await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "helene@creche-des-lutins.fr"));

        var path = $"{TriageDesk.Path}/{bakery}";
        var released = await PostDetailAsync(path, "Release", new Dictionary<string, string>());
        Assert.That(released.Headers.Location!.OriginalString, Is.EqualTo(path));
        var page = await PdEApplication.ParseAsync(await admin.GetAsync(path));
        Assert.That(page.QuerySelector(".fr-badge")!.TextContent, Is.EqualTo("Reçue"), "one request's status, in the singular");
        Assert.That(page.QuerySelector(".solicitation-timeline li")!.TextContent,
            Does.StartWith("Remise dans les reçues : mise de côté pour « Démarchage » — Administrateur de démonstration, le "));
        Assert.That(page.QuerySelectorAll("button[formaction]").Select(b => b.TextContent), Has.None.EqualTo("Remettre dans les reçues"));

        var validated = await PostDetailAsync(path, "Validate", new Dictionary<string, string>());
        Assert.That(validated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var done = await PdEApplication.ParseAsync(await admin.GetAsync(path));
        Assert.That(done.QuerySelector(".fr-alert--success")!.TextContent.Trim(), Is.EqualTo("1 demande validée et transmise aux conseillers."));
    }

    private async Task<HttpResponseMessage> PostDetailAsync(string path, string handler, IDictionary<string, string> fields)
    {
        var page = await PdEApplication.ParseAsync(await admin.GetAsync(path));
        var button = page.QuerySelectorAll("button[formaction]").Single(b => b.GetAttribute("formaction")!.EndsWith($"handler={handler}", StringComparison.Ordinal));
        var form = button.Closest("form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!)).ToList();
        values.AddRange(fields);
        return await admin.PostAsync(button.GetAttribute("formaction"), new FormUrlEncodedContent(values));
    }

    private static async Task<Guid> InsertAsync(
        NpgsqlConnection connection, string name, string email, string subject, string description, string siret = "73282932000074")
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation
                (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
            values (@id, @name, @email, '0612345678', @siret, @subject, @description, 'received', clock_timestamp(),
                    '75111', 'BOULANGERIE MARTIN', '70.22Z')
            """, new { id, name, email, subject, description, siret });
        return id;
    }
}
