using System.Net;
using AngleSharp.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Journeys;

/// <summary>The walking skeleton: one request crosses all five modules.</summary>
public sealed class SubmitAndRouteJourneyTests
{
    private PdEApplication app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await PdEApplication.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task A_request_filed_on_the_public_form_reaches_the_expert_by_email_and_shows_in_the_stats()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = "jeanne.martin@boulangerie-martin.fr",
            ["Input.Phone"] = "06 12 34 56 78",
            ["Input.Siret"] = "732 829 320 00074",
            ["Input.Description"] = "Nous voulons recruter un apprenti boulanger à la rentrée <et>\r\nformer notre vendeuse.",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var thanks = await client.GetAsync(response.Headers.Location);
        var thanksPage = await PdEApplication.ParseAsync(thanks);
        Assert.That(thanksPage.QuerySelector("h1")!.TextContent, Does.Contain("votre demande a bien été envoyée"));

        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        var solicitationId = await connection.QuerySingleAsync<Guid>(
            "select id from solicitations.solicitation where email = 'jeanne.martin@boulangerie-martin.fr' and phone = '0612345678' and siret = '73282932000074'");

        // Until the company registry gives the establishment's commune, an "autre demande" goes to the national team.
        var email = await app.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "equipe@place-des-entreprises.example.fr"));
        Assert.That(email.Subject, Is.EqualTo("Une entreprise a besoin de vous : nouvelle demande à traiter"));
        Assert.That(email.HtmlBody, Does.Contain("732 829 320 00074").And.Contain("Équipe Place des Entreprises").And.Contain("rentrée &lt;et&gt;<br>former"));
        Assert.That(email.TextBody, Does.Contain("Bonjour Équipe d’orientation Place des Entreprises"));

        var match = await connection.QuerySingleAsync<(string ExpertName, string Status)>("""
            select m.expert_name, m.status from matching.match m join matching.need n on n.id = m.need_id
            where n.solicitation_id = @solicitationId
            """, new { solicitationId });
        Assert.That(match, Is.EqualTo(("Équipe d’orientation Place des Entreprises", "quo")));

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
    }

    [Test]
    public async Task A_bad_form_is_shown_again_with_french_errors_and_what_was_typed()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await PdEApplication.SubmitFormAsync(client, "/demande", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Jeanne Martin",
            ["Input.Email"] = "jeanne.martin",
            ["Input.Phone"] = "06 12 34 56 78",
            ["Input.Siret"] = "732 829 320 00075",
            ["Input.Description"] = "Nous voulons recruter un apprenti boulanger.",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.Title, Does.StartWith("Erreur"));
        Assert.That(page.QuerySelector("#input-email-error")!.TextContent, Is.EqualTo("Indiquez une adresse électronique valide, par exemple nom@domaine.fr."));
        Assert.That(page.QuerySelector("#input-siret-error")!.TextContent, Does.StartWith("Ce numéro SIRET n’existe pas"));
        Assert.That(page.QuerySelector("#input-fullname")!.GetAttribute("value"), Is.EqualTo("Jeanne Martin"));
        Assert.That(page.QuerySelector("#input-siret")!.GetAttribute("value"), Is.EqualTo("732 829 320 00075"));
        Assert.That(page.QuerySelector("#input-description")!.TextContent, Is.EqualTo("Nous voulons recruter un apprenti boulanger."));
        Assert.That(page.QuerySelectorAll(".fr-alert--error li"), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_post_without_the_anti_forgery_token_is_refused()
    {
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostAsync("/demande", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.FullName"] = "X" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
