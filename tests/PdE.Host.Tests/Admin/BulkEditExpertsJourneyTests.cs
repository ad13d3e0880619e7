using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>An admin ticks 50 experts in the antenne grid, gives them a subject, and finds the change in each expert's history.</summary>
public sealed class BulkEditExpertsJourneyTests : SiteTests
{
    private Guid antenneId;

    [OneTimeSetUp]
    public async Task AddAntenneWithFiftyExpertsAsync()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        antenneId = await connection.ExecuteScalarAsync<Guid>("""
            insert into directory.antenne (id, institution_id, name)
            select gen_random_uuid(), id, 'CCI Grand Lille – test de la grille' from directory.institution where slug = 'cci'
            returning id
            """);
        await connection.ExecuteAsync("""
            insert into directory.expert (id, antenne_id, full_name, email)
            select gen_random_uuid(), @antenneId, 'Conseiller ' || lpad(n::text, 2, '0'), 'grille' || n || '@cci.example.fr'
            from generate_series(1, 50) n
            """, new { antenneId });
    }

    [Test]
    public async Task An_admin_gives_a_subject_to_50_experts_and_sees_it_in_their_history()
    {
        var client = await App.SignedInClientAsync();
        var path = $"/admin/annuaire/antennes/{antenneId}";
        var page = await PdEApplication.ParseAsync(await client.GetAsync(path));
        var form = page.QuerySelector<IHtmlFormElement>("form#grille")!;
        var boxes = form.QuerySelectorAll<IHtmlInputElement>("input[name=ExpertIds]").ToList();
        var subject = form.QuerySelectorAll<IHtmlOptionElement>("#sujet-a-ajouter option").First(o => o.Value != "");
        var action = form.QuerySelector("button[formaction*='handler=AssignSubject']")!.GetAttribute("formaction")!;
        Assert.That(boxes, Has.Count.EqualTo(50));

        var fields = Hidden(form).Concat(boxes.Select(b => Field("ExpertIds", b.Value)))
            .Append(Field("Bulk.AssignSubjectId", subject.Value)).Append(Field("Bulk.Criteria", "Entreprises industrielles"));
        var response = await client.PostAsync(action, new FormUrlEncodedContent(fields));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await PdEApplication.ParseAsync(await client.GetAsync(response.Headers.Location));
        Assert.That(after.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("50 conseillers mis à jour"));
        Assert.That(after.QuerySelectorAll("form#grille tbody tr").Select(r => r.TextContent), Has.All.Contain(subject.Text.Split(" › ")[1].Split(" – ")[0]));

        var expertLink = after.QuerySelector("form#grille tbody tr a")!.GetAttribute("href")!;
        var expert = await PdEApplication.ParseAsync(await client.GetAsync(expertLink));
        var history = expert.QuerySelectorAll("table").Last().QuerySelector("tbody tr")!.TextContent;
        Assert.That(history, Does.Contain("Administrateur de démonstration").And.Contain("Sujet ajouté").And.Contain("Entreprises industrielles"));
    }

    [Test]
    public async Task A_refused_action_comes_back_with_the_rows_still_ticked_and_a_french_error()
    {
        var client = await App.SignedInClientAsync();
        var page = await PdEApplication.ParseAsync(await client.GetAsync($"/admin/annuaire/antennes/{antenneId}"));
        var form = page.QuerySelector<IHtmlFormElement>("form#grille")!;
        var ticked = form.QuerySelectorAll<IHtmlInputElement>("input[name=ExpertIds]").Take(3).Select(b => b.Value).ToList();
        var action = form.QuerySelector("button[formaction*='handler=Deactivate']")!.GetAttribute("formaction")!;

        var response = await client.PostAsync(action, new FormUrlEncodedContent(Hidden(form).Concat(ticked.Select(id => Field("ExpertIds", id)))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var again = await PdEApplication.ParseAsync(response);
        Assert.That(again.QuerySelector(".fr-alert--error")!.TextContent, Does.Contain("Cochez « Je confirme la suppression »"));
        Assert.That(again.QuerySelectorAll<IHtmlInputElement>("input[name=ExpertIds]").Where(b => b.IsChecked).Select(b => b.Value), Is.EquivalentTo(ticked));
        Assert.That(again.QuerySelectorAll("form#grille tbody tr"), Has.Length.EqualTo(50), "nothing was deleted");
    }

    [Test]
    public async Task An_admin_creates_an_expert_then_edits_it_and_a_bad_phone_keeps_what_was_typed()
    {
        var client = await App.SignedInClientAsync();
        var created = await PdEApplication.SubmitFormAsync(client, $"/admin/annuaire/antennes/{antenneId}/experts/nouveau", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Équipe Export",
            ["Input.Email"] = "export@cci.example.fr",
            ["Input.IsTeam"] = "true",
            ["Input.CommuneCodes"] = "59350",
        });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var expertPath = created.Headers.Location!.ToString();
        var expert = await PdEApplication.ParseAsync(await client.GetAsync(expertPath));
        Assert.That(expert.QuerySelector("h1")!.TextContent, Is.EqualTo("Équipe Export"));
        Assert.That(expert.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("a été ajouté à l’annuaire"));
        Assert.That(expert.Body!.TextContent, Does.Contain("Lille (59350)"));

        var refused = await PdEApplication.SubmitFormAsync(client, expertPath + "/modifier", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Équipe Export Hauts-de-France",
            ["Input.Email"] = "export@cci.example.fr",
            ["Input.Phone"] = "03 20",
        });
        var form = await PdEApplication.ParseAsync(refused);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(form.QuerySelector("#input-phone-error")!.TextContent, Is.EqualTo("Indiquez un numéro de téléphone valide, par exemple 01 22 33 44 55."));
        Assert.That(form.QuerySelector<IHtmlInputElement>("#input-fullname")!.Value, Is.EqualTo("Équipe Export Hauts-de-France"));
        Assert.That(form.Title, Does.StartWith("Erreur"));
    }

    private static IEnumerable<KeyValuePair<string, string>> Hidden(IHtmlFormElement form) =>
        form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => Field(i.Name!, i.Value));

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);
}
