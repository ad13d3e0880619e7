using System.Net;
using System.Text.RegularExpressions;

namespace PdE.Host.Tests.Journeys;

/// <summary>A requester follows their request from the link of the confirmation e-mail, and asks for it again.</summary>
public sealed class FollowUpJourneyTests : SiteTests
{
    private const string Requester = "jeanne.martin@boulangerie-martin.fr";

    [Test]
    public async Task The_confirmation_email_links_to_a_private_page_that_follows_the_request_and_the_link_can_be_sent_again()
    {
        var client = App.CreateBrowserLikeClient();
        var sent = await SubmitAndRouteJourneyTests.FileAsync(client, "autre-demande", "73282932000074",
            "Nous cherchons à embaucher deux apprentis boulangers pour la rentrée.");
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var confirmation = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == Requester));
        Assert.That(confirmation.Subject, Is.EqualTo("Votre demande à Place des Entreprises a bien été reçue"));
        var path = new Uri(Regex.Match(confirmation.TextBody!, @"https?://\S+/suivi/[A-Za-z0-9_-]{43}").Value).AbsolutePath;

        var page = await client.GetAsync(path);
        var followUp = await PdEApplication.ParseAsync(page);
        Assert.That(followUp.QuerySelector("h1")!.TextContent, Is.EqualTo("Suivi de votre demande"));
        Assert.That(followUp.Body!.TextContent, Does.Contain("BOULANGERIE MARTIN"));
        Assert.That(page.Headers.CacheControl!.NoStore, Is.True, "a private page is never cached");
        Assert.That((await client.GetAsync("/suivi/" + new string('A', 43))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The team validates the request on its desk: the page now says who received it.
        await using (var connection = new Npgsql.NpgsqlConnection(App.Database.ConnectionString))
        {
            var id = await Dapper.SqlMapper.QuerySingleAsync<Guid>(connection, "select id from solicitations.solicitation where status = 'received'");
            await Triage.TriageDesk.ActAsync(await App.SignedInClientAsync(), "Validate", [id]);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        string status;
        do
        {
            status = (await PdEApplication.ParseAsync(await client.GetAsync(path))).QuerySelector(".fr-stepper__title")!.TextContent;
            if (status.Contains("Transmise aux conseillers", StringComparison.Ordinal)) break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        var routed = await PdEApplication.ParseAsync(await client.GetAsync(path));
        Assert.That(routed.QuerySelector(".fr-stepper__title")!.TextContent, Does.Contain("Transmise aux conseillers").And.Contain("Étape 3 sur 5"));
        Assert.That(routed.QuerySelector(".fr-alert--success")!.TextContent, Does.Contain("conseiller"));
        Assert.That(routed.QuerySelectorAll("ul li").Select(li => li.TextContent), Is.Not.Empty);

        // Asking again by e-mail sends a new link; the page answers the same for an unknown address.
        var before = App.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == Requester));
        var asked = await PdEApplication.SubmitFormAsync(client, "/suivi", new Dictionary<string, string> { ["Email"] = Requester.ToUpperInvariant() });
        var unknown = await PdEApplication.SubmitFormAsync(client, "/suivi", new Dictionary<string, string> { ["Email"] = "personne@nulle-part.fr" });
        var again = await App.Smtp.WaitForAsync(m => m.Subject == "Le suivi de votre demande à Place des Entreprises");
        Assert.That(App.Smtp.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == Requester)), Is.GreaterThan(before));
        var newPath = new Uri(Regex.Match(again.TextBody!, @"https?://\S+/suivi/[A-Za-z0-9_-]{43}").Value).AbsolutePath;
        Assert.That((await client.GetAsync(newPath)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the old link no longer works");
        var sameAnswer = (await PdEApplication.ParseAsync(await client.GetAsync(unknown.Headers.Location))).QuerySelector("[role=status]")!.TextContent.Trim();
        Assert.That(sameAnswer, Does.StartWith("Si une demande a été envoyée depuis personne@nulle-part.fr"));
        Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var bad = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(client, "/suivi", new Dictionary<string, string> { ["Email"] = "jeanne" }));
        Assert.That(bad.QuerySelector("#email-error")!.TextContent, Is.EqualTo("Indiquez une adresse électronique valide, par exemple nom@domaine.fr."));
    }
}
