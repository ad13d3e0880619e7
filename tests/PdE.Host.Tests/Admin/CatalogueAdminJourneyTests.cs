using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>
/// The team edits what the public site offers (issue 15, item 1): a theme and a subject added, its yes/no questions, its
/// texts edited, archived and offered again; the public pages follow at once; every change is in the subject's history;
/// wrong input is refused in French and keeps what was typed.
/// </summary>
public sealed class CatalogueAdminJourneyTests : SiteTests
{
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task SignInAsync() => admin = await App.SignedInClientAsync();

    [Test]
    public async Task A_theme_and_a_subject_added_with_a_question_show_on_the_public_site_and_leave_it_when_archived()
    {
        var created = await PostAsync("/admin/catalogue/themes/nouveau", null, new()
        {
            ["Input.Label"] = "Numérique et innovation", ["Input.Slug"] = "numerique-innovation", ["Input.Position"] = "50",
        });
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/admin/catalogue"), await ErrorsAsync(created));

        var subject = await PostAsync("/admin/catalogue/sujets/nouveau", null, new()
        {
            ["Input.ThemeSlug"] = "numerique-innovation", ["Input.Label"] = "Protéger ses données", ["Input.Slug"] = "proteger-donnees",
            ["Input.Position"] = "1", ["Input.Description"] = "Sauvegardes, mots de passe, sensibilisation des salariés.",
            ["Input.Guidance"] = "Dites quels outils vous utilisez et ce qui vous inquiète.",
        });
        Assert.That(subject.Headers.Location?.ToString(), Is.EqualTo("/admin/catalogue/sujets/proteger-donnees"), await ErrorsAsync(subject));

        var question = await PostAsync("/admin/catalogue/sujets/proteger-donnees", "AddQuestion", new() { ["QuestionLabel"] = "Avez-vous déjà subi une cyberattaque ?" });
        Assert.That(question.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var theme = await GetAsync("/themes/numerique-innovation");
        Assert.That(theme.Body!.TextContent, Does.Contain("Protéger ses données"));
        var page = await GetAsync("/sujets/proteger-donnees");
        Assert.That(page.Body!.TextContent, Does.Contain("Sauvegardes, mots de passe, sensibilisation des salariés."));
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            Assert.That(await connection.QuerySingleAsync<(string, string)>("""
                select q.slug, q.label from directory.subject_question q join directory.subject s on s.id = q.subject_id where s.slug = 'proteger-donnees'
                """), Is.EqualTo(("avez-vous-deja-subi-une-cyberattaque", "Avez-vous déjà subi une cyberattaque ?")));
        }

        // Edited: the public page says it at once.
        var edited = await PostAsync("/admin/catalogue/sujets/proteger-donnees", null, new()
        {
            ["Input.ThemeSlug"] = "numerique-innovation", ["Input.Label"] = "Protéger les données de l’entreprise", ["Input.Position"] = "1",
            ["Input.Description"] = "Sauvegardes, mots de passe, sensibilisation des salariés.",
        });
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await GetAsync("/sujets/proteger-donnees")).QuerySelector("h1")!.TextContent, Does.Contain("Protéger les données de l’entreprise"));

        // Archived: off the public site, kept for what points to it; then offered again.
        Assert.That((await PostAsync("/admin/catalogue/sujets/proteger-donnees", "Archive", [])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await admin.GetAsync("/sujets/proteger-donnees")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.GetStringAsync("/")).Contains("Numérique et innovation", StringComparison.Ordinal), Is.False, "a theme without public subject is not shown");
        var archived = await GetAsync("/admin/catalogue/sujets/proteger-donnees");
        Assert.That(archived.Body!.TextContent, Does.Contain("Ce sujet est archivé"));
        Assert.That((await PostAsync("/admin/catalogue/sujets/proteger-donnees", "Restore", [])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await admin.GetAsync("/sujets/proteger-donnees")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The question removed; every change in the subject's history.
        Assert.That((await PostAsync("/admin/catalogue/sujets/proteger-donnees", "RemoveQuestion", new() { ["question"] = "avez-vous-deja-subi-une-cyberattaque" })).StatusCode,
            Is.EqualTo(HttpStatusCode.Redirect));
        var history = (await GetAsync("/admin/catalogue/sujets/proteger-donnees")).Body!.TextContent;
        Assert.That(history, Does.Contain("Création").And.Contain("Question ajoutée").And.Contain("Modification").And.Contain("Archivage")
            .And.Contain("Restauration").And.Contain("Question retirée"));
        Assert.That(history, Does.Contain("Ce sujet ne pose pas de question."));

        // Attached to an institution, whose experts may then follow it; detached only once none does.
        Guid cci;
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            cci = await connection.ExecuteScalarAsync<Guid>("select id from directory.institution where slug = 'cci'");
        }

        Assert.That((await PostAsync("/admin/catalogue/sujets/proteger-donnees", "AttachInstitution", new() { ["InstitutionId"] = cci.ToString() })).StatusCode,
            Is.EqualTo(HttpStatusCode.Redirect));
        var twice = await PdEApplication.ParseAsync(await PostAsync("/admin/catalogue/sujets/proteger-donnees", "AttachInstitution", new() { ["InstitutionId"] = cci.ToString() }));
        Assert.That(twice.QuerySelector("#institutionid-error")?.TextContent, Does.Contain("traite déjà ce sujet"));
        var attached = (await GetAsync("/admin/catalogue/sujets/proteger-donnees")).QuerySelectorAll("table")
            .Single(t => t.QuerySelector("caption")!.TextContent == "Institutions qui traitent ce sujet").QuerySelectorAll("tbody tr");
        Assert.That(attached.Select(r => r.QuerySelector("th")!.TextContent), Is.EqualTo(new[] { "Chambre de commerce et d’industrie (CCI)" }));

        Guid institutionSubject;
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            institutionSubject = await connection.ExecuteScalarAsync<Guid>("""
                select isub.id from directory.institution_subject isub join directory.subject s on s.id = isub.subject_id where s.slug = 'proteger-donnees'
                """);
            await connection.ExecuteAsync("""
                insert into directory.expert_subject (expert_id, institution_subject_id)
                select e.id, @institutionSubject from directory.expert e join directory.antenne a on a.id = e.antenne_id
                where a.institution_id = @cci and e.deleted_at is null order by e.full_name limit 1
                """, new { institutionSubject, cci });
        }

        var followed = await PdEApplication.ParseAsync(await PostAsync("/admin/catalogue/sujets/proteger-donnees", "DetachInstitution",
            new() { ["institutionSubject"] = institutionSubject.ToString() }));
        Assert.That(followed.Body!.TextContent, Does.Contain("1 conseiller de Chambre de commerce et d’industrie (CCI) suit encore ce sujet"));
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("delete from directory.expert_subject where institution_subject_id = @institutionSubject", new { institutionSubject });
        }

        Assert.That((await PostAsync("/admin/catalogue/sujets/proteger-donnees", "DetachInstitution",
            new() { ["institutionSubject"] = institutionSubject.ToString() })).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var detached = (await GetAsync("/admin/catalogue/sujets/proteger-donnees")).Body!.TextContent;
        Assert.That(detached, Does.Contain("Aucune institution ne traite encore ce sujet").And.Contain("Institution rattachée").And.Contain("Institution retirée"));

        var catalogue = await GetAsync("/admin/catalogue");
        Assert.That(catalogue.QuerySelector("#theme-numerique-innovation")?.TextContent, Is.EqualTo("Numérique et innovation"));
    }

    [Test]
    public async Task A_subject_added_with_a_question_and_given_to_an_antennes_expert_routes_a_request_filed_on_it_to_her()
    {
        await PostAsync("/admin/catalogue/sujets/nouveau", null, new()
        {
            ["Input.ThemeSlug"] = await AnyThemeAsync(), ["Input.Label"] = "Louer un local commercial", ["Input.Slug"] = "louer-local", ["Input.Position"] = "9",
        });
        await PostAsync("/admin/catalogue/sujets/louer-local", "AddQuestion", new() { ["QuestionLabel"] = "Avez-vous déjà trouvé le local ?" });
        Guid cci, antenne, camille;
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            cci = await connection.ExecuteScalarAsync<Guid>("select id from directory.institution where slug = 'cci'");
            (antenne, camille) = await connection.QuerySingleAsync<(Guid, Guid)>(
                "select antenne_id, id from directory.expert where full_name = 'Camille Martin' and deleted_at is null");
        }

        await PostAsync("/admin/catalogue/sujets/louer-local", "AttachInstitution", new() { ["InstitutionId"] = cci.ToString() });

        // On the antenne's page, as the team gives a subject to its experts.
        var antennePage = await GetAsync($"/admin/annuaire/antennes/{antenne}");
        var option = antennePage.QuerySelectorAll("#sujet-a-ajouter option").Single(o => o.TextContent.Contains("Louer un local commercial", StringComparison.Ordinal));
        var assigned = await PostAsync($"/admin/annuaire/antennes/{antenne}", "AssignSubject", new()
        {
            ["ExpertIds"] = camille.ToString(), ["Bulk.AssignSubjectId"] = option.GetAttribute("value")!,
        });
        Assert.That(assigned.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ErrorsAsync(assigned));

        // A requester files it on the public site, answering its question; the team validates it.
        var visitor = App.CreateBrowserLikeClient();
        var token = await Journeys.SubmitAndRouteJourneyTests.StartAsync(visitor, "louer-local");
        await PdEApplication.SubmitFormAsync(visitor, $"/ma-demande/{token}/entreprise?recherche=73282932000074",
            new Dictionary<string, string> { ["Input.Siret"] = "73282932000074" });
        var describe = await PdEApplication.ParseAsync(await visitor.GetAsync($"/ma-demande/{token}/description"));
        Assert.That(describe.QuerySelectorAll("legend").Select(l => l.TextContent.Trim()), Does.Contain("Avez-vous déjà trouvé le local ?"));
        var sent = await PdEApplication.SubmitFormAsync(visitor, $"/ma-demande/{token}/description", new Dictionary<string, string>
        {
            ["Input.Description"] = "Nous cherchons un local de 80 m² pour ouvrir une seconde boutique dans le quartier.",
            ["Input.Answers[0]"] = "non",
        });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Guid solicitationId;
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            solicitationId = await connection.ExecuteScalarAsync<Guid>("select id from solicitations.solicitation where subject_slug = 'louer-local' and status = 'received'");
        }

        await Triage.TriageDesk.ActAsync(admin, "Validate", [solicitationId]);
        var email = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "camille.martin@cci-paris-idf.example.fr")
            && (m.Subject ?? "").StartsWith("Nouvelle demande", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("second", StringComparison.Ordinal));
        Assert.That(email.TextBody, Does.Contain("Louer un local commercial"));
    }

    [Test]
    public async Task Wrong_input_is_refused_in_French_and_keeps_what_was_typed()
    {
        var taken = await PostAsync("/admin/catalogue/sujets/nouveau", null, new()
        {
            ["Input.ThemeSlug"] = await AnyThemeAsync(), ["Input.Label"] = "Exporter encore", ["Input.Slug"] = "export", ["Input.Position"] = "3",
        });
        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(taken);
        Assert.That(page.Title, Does.StartWith("Erreur : "));
        Assert.That(page.QuerySelector("#input-slug-error")?.TextContent, Does.Contain("« export » est déjà pris"));
        Assert.That(page.QuerySelector<IHtmlInputElement>("#input-label")!.Value, Is.EqualTo("Exporter encore"));

        var empty = await PdEApplication.ParseAsync(await PostAsync("/admin/catalogue/sujets/nouveau", null, new()
        {
            ["Input.ThemeSlug"] = "", ["Input.Label"] = " ", ["Input.Slug"] = "Mauvais Identifiant", ["Input.Position"] = "5000",
        }));
        Assert.That(empty.QuerySelector("#input-themeslug-error")?.TextContent, Is.EqualTo("Choisissez le thème du sujet."));
        Assert.That(empty.QuerySelector("#input-label-error")?.TextContent, Does.Contain("Indiquez le titre du sujet."));
        Assert.That(empty.QuerySelector("#input-slug-error")?.TextContent, Does.Contain("lettres minuscules sans accent"));
        Assert.That(empty.QuerySelector("#input-position-error")?.TextContent, Does.Contain("entre 0 et 999"));

        var letters = await PdEApplication.ParseAsync(await PostAsync("/admin/catalogue/themes/nouveau", null, new()
        {
            ["Input.Label"] = "Thème", ["Input.Slug"] = "theme-lettres", ["Input.Position"] = "premier",
        }));
        Assert.That(letters.QuerySelector("#input-position-error")?.TextContent, Is.EqualTo("La valeur « premier » n’est pas valide : corrigez-la."));

        var special = await PdEApplication.ParseAsync(await PostAsync("/admin/catalogue/sujets/autre-demande", "Archive", []));
        Assert.That(special.QuerySelector(".fr-alert--error, .fr-error-text")?.TextContent ?? special.Body!.TextContent,
            Does.Contain("il ne peut pas être archivé"));
        Assert.That((await admin.GetAsync("/sujets/autre-demande")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still offered");

        var blank = await PdEApplication.ParseAsync(await PostAsync("/admin/catalogue/sujets/export", "AddQuestion", new() { ["QuestionLabel"] = "" }));
        Assert.That(blank.QuerySelector("#questionlabel-error")?.TextContent, Does.Contain("Écrivez la question"));

        Assert.That((await admin.GetAsync("/admin/catalogue/sujets/inconnu")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>What a form answered instead of its redirection: its status and French errors.</summary>
    private static async Task<string> ErrorsAsync(HttpResponseMessage response)
    {
        var page = await PdEApplication.ParseAsync(response);
        return $"{(int)response.StatusCode}: " + string.Join(" | ", page.QuerySelectorAll(".fr-error-text, .fr-alert").Select(e => e.TextContent.Trim()));
    }

    private async Task<string> AnyThemeAsync()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<string>("select slug from directory.theme order by position limit 1") ?? "";
    }

    private async Task<IHtmlDocument> GetAsync(string path)
    {
        var response = await admin.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }

    /// <summary>Posts a form of the page (its anti-forgery token) to the page or one of its handlers.</summary>
    private async Task<HttpResponseMessage> PostAsync(string path, string? handler, Dictionary<string, string> fields)
    {
        var page = await GetAsync(path);
        var token = page.QuerySelector<IHtmlInputElement>("main form input[name=__RequestVerificationToken]")!.Value;
        fields["__RequestVerificationToken"] = token;
        return await admin.PostAsync(handler is null ? path : $"{path}?handler={handler}", new FormUrlEncodedContent(fields));
    }
}
