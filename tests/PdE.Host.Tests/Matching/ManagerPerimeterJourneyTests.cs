using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// An antenne manager's perimeter over HTTP: the needs sent to the experts of the antenne they follow, in their own inbox
/// view; the need page opens and they change a match's status under their own name; a need outside stays hidden.
/// </summary>
public sealed class ManagerPerimeterJourneyTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";

    [Test]
    public async Task A_manager_follows_the_needs_of_their_antenne_and_answers_for_its_experts()
    {
        var connectionString = App.Database.ConnectionString;
        var followed = await InboxNeeds.SendAsync(connectionString, "Julie Moreau", "FONDERIE DU MARAIS", TimeSpan.FromHours(2), subject: "financer-projet");
        var elsewhere = await InboxNeeds.SendAsync(connectionString, "Thomas Nguyen", "SCIERIE DE THOMAS", TimeSpan.FromHours(3));
        await using var connection = new NpgsqlConnection(connectionString);
        // The demo advisor also manages the Bpifrance Paris antenne (Julie Moreau's), not her colleague Thomas's.
        await connection.ExecuteAsync("""
            insert into directory.user_role (user_id, role, antenne_id)
            select u.id, 'antenne_manager', a.id from directory.user_account u, directory.antenne a
            where u.email = @AdvisorEmail and a.name = 'Bpifrance Paris'
            """, new { AdvisorEmail });
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);

        var perimeter = await GetAsync(camille, "/conseiller/besoins/antennes");
        Assert.That(perimeter.QuerySelector("h1")!.TextContent, Is.EqualTo("Besoins de mes antennes"));
        Assert.That(perimeter.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "FONDERIE DU MARAIS" }));
        Assert.That(perimeter.QuerySelector("#navigation-agent [aria-current=page]")!.TextContent, Is.EqualTo("Besoins de mes antennes"));
        var own = await GetAsync(camille, "/conseiller/besoins");
        Assert.That(own.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Does.Not.Contain("FONDERIE DU MARAIS"), "her own inbox keeps her own needs");

        var needPage = await GetAsync(camille, $"/conseiller/besoins/{followed.NeedId}");
        var form = needPage.QuerySelector<IHtmlFormElement>("form[method=post]") ?? throw new AssertionException("no answer form for the manager");
        var take = form.QuerySelectorAll<IHtmlButtonElement>("button[formaction]")
            .Single(b => b.GetAttribute("formaction")!.EndsWith("handler=Take", StringComparison.Ordinal));
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        var taken = await camille.PostAsync(take.GetAttribute("formaction"), new FormUrlEncodedContent(values));
        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await connection.QuerySingleAsync<(string, string)>(
                "select m.status, h.actor_name from matching.match m join matching.match_history h on h.match_id = m.id where m.id = @MatchId", new { followed.MatchId }),
            Is.EqualTo(("taking_care", "Camille Martin")), "taken in charge, recorded under the manager's name");

        Assert.That((await camille.GetAsync($"/conseiller/besoins/{elsewhere.NeedId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        // Following a second antenne adds its needs, and the antenne filter narrows to one of them.
        await InboxNeeds.SendAsync(connectionString, "Antoine Girard", "SOIERIE DE LYON", TimeSpan.FromHours(1), subject: "financer-projet");
        var lyonAntenne = await connection.QuerySingleAsync<Guid>("select id from directory.antenne where name = 'Bpifrance Lyon'");
        await connection.ExecuteAsync("""
            insert into directory.user_role (user_id, role, antenne_id)
            select u.id, 'antenne_manager', @lyonAntenne from directory.user_account u where u.email = @AdvisorEmail
            """, new { lyonAntenne, AdvisorEmail });
        var both = await GetAsync(camille, "/conseiller/besoins/antennes");
        Assert.That(both.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EquivalentTo(new[] { "SOIERIE DE LYON" }), "the taken need left the reception");
        Assert.That(both.QuerySelectorAll("#antenne option").Select(o => o.TextContent), Is.EqualTo(new[] { "Toutes mes antennes", "Bpifrance Lyon", "Bpifrance Paris" }));
        var lyonReception = await GetAsync(camille, $"/conseiller/besoins/antennes?antenne={lyonAntenne}");
        Assert.That(lyonReception.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "SOIERIE DE LYON" }));
        Assert.That(lyonReception.QuerySelector("#onglet-en-cours")!.GetAttribute("href"), Does.EndWith($"antenne={lyonAntenne}"), "tabs keep the antenne");
        var lyonInProgress = await GetAsync(camille, $"/conseiller/besoins/antennes?onglet=en-cours&antenne={lyonAntenne}");
        Assert.That(lyonInProgress.QuerySelectorAll("#besoins h3"), Is.Empty, "the need in progress is Paris's");
        var allInProgress = await GetAsync(camille, "/conseiller/besoins/antennes?onglet=en-cours");
        Assert.That(allInProgress.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "FONDERIE DU MARAIS" }));

        var admin = await App.SignedInClientAsync();
        Assert.That((await admin.GetAsync("/conseiller/besoins/antennes")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no perimeter, no page");
    }

    private static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }
}
