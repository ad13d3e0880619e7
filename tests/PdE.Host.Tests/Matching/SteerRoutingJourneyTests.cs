using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;
using PdE.Host.Tests.Triage;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// The team steers routing on the demo data: every demo request validated on the desk reaches someone, shown with why, or
/// stays « À orienter » with the reason; « Valider et orienter » opens the proposal, the team adds an expert found by a
/// search, unticks another and sends; an expert added later gets the need at once; the team follows the need and sets a
/// status by hand.
/// </summary>
public sealed class SteerRoutingJourneyTests : SiteTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    protected override IReadOnlyDictionary<string, string?> Settings => DemoRequests;

    [Test]
    public async Task Every_demo_request_validated_on_the_desk_reaches_an_expert_shown_with_why_or_stays_to_route_with_the_reason()
    {
        var admin = await App.SignedInClientAsync();
        var desk = await PdEApplication.ParseAsync(await admin.GetAsync(TriageDesk.Path));
        var ids = desk.QuerySelectorAll("input[name=SolicitationIds]").Select(i => Guid.Parse(i.GetAttribute("value")!)).ToList();
        Assert.That(ids, Has.Count.GreaterThan(3), "the demo desk's received requests");

        var validated = await TriageDesk.ActAsync(admin, "Validate", ids);
        Assert.That(validated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var outcomes = (await connection.QueryAsync<(Guid Id, string Status, string? Reason)>(
            "select id, status, to_route_reason from solicitations.solicitation where id = any(@ids)", new { ids = ids.ToArray() })).ToList();
        Assert.That(outcomes.Where(o => o.Status == "received").Select(o => o.Reason), Has.All.Not.Null.And.All.Not.Empty,
            "a request left on the desk says why");
        Assert.That(outcomes.Where(o => o.Status == "validated").Select(o => o.Reason), Has.All.Null);
        TestContext.Out.WriteLine($"{outcomes.Count} demo requests: {outcomes.Count(o => o.Status == "validated")} sent, "
            + $"{outcomes.Count(o => o.Status == "received")} left « À orienter »: {string.Join(" | ", outcomes.Where(o => o.Reason is not null).Select(o => o.Reason))}");
        foreach (var request in outcomes.Where(o => o.Status == "validated"))
        {
            var page = await RoutingPageAsync(admin, request.Id);
            var rows = page.QuerySelectorAll("table tbody tr").ToList();
            Assert.That(rows, Is.Not.Empty, $"validated request {request.Id} reaches at least one expert");
            Assert.That(rows.Select(r => r.Children[0].TextContent), Has.All.Contains("Envoyé le"), "sent at once");
            Assert.That(rows.Select(r => r.Children[2].TextContent.Trim()), Has.All.StartWith("Couvre").Or.StartWith("Conseiller support"),
                "each expert with why");
        }
    }

    [Test]
    public async Task The_team_reviews_the_proposal_adds_and_unticks_experts_sends_then_adds_one_more_follows_and_sets_a_status()
    {
        var requestId = await InsertRequestAsync("financer-projet", "Nous voulons financer un nouveau four.");
        var admin = await App.SignedInClientAsync();

        // « Valider et orienter » opens the routing page: nothing is sent yet.
        var validated = await PostAsync(admin, $"/conseiller/sollicitations/{requestId}", "ValidateAndSteer", []);
        Assert.That(validated.Headers.Location!.OriginalString, Is.EqualTo($"/conseiller/sollicitations/{requestId}/orientation"));
        var page = await RoutingPageAsync(admin, requestId);
        Assert.That(page.QuerySelector(".fr-alert--success")?.TextContent.Trim(), Is.EqualTo("1 demande validée : choisissez ses conseillers puis transmettez-la."));
        var proposed = Rows(page);
        Assert.That(proposed.Keys, Is.SupersetOf(new[] { "Julie Moreau", "Marie Lefebvre" }));
        Assert.That(proposed.Values.Select(r => r.Why), Has.All.StartWith("Couvre Paris 11e Arrondissement"));
        Assert.That(proposed.Values.Select(r => r.Status), Has.All.EqualTo("Brouillon, non envoyé"));

        // Any expert, found accent- and case-insensitively, joins the proposal.
        var path = $"/conseiller/sollicitations/{requestId}/orientation";
        var needId = page.QuerySelector("section[id^=besoin-]")!.Id!["besoin-".Length..];
        var found = await PdEApplication.ParseAsync(await admin.GetAsync($"{path}?besoin={needId}&q=CAMILLÉ+cci"));
        Assert.That(found.QuerySelectorAll($"#resultats-{needId} li strong").Select(s => s.TextContent), Is.EqualTo(new[] { "Camille Martin" }));
        var camilleId = found.QuerySelector($"#resultats-{needId} input[name=ExpertId]")!.GetAttribute("value")!;
        // Marie was unticked before the addition (keep-unticks.js sends her as « decoches »): she stays unticked after it.
        var marieMatchId = proposed["Marie Lefebvre"].MatchId;
        var added = await PostAsync(admin, path, "AddExpert", new() { ["NeedId"] = needId, ["ExpertId"] = camilleId, ["decoches"] = marieMatchId });
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(added.Headers.Location!.OriginalString, Is.EqualTo($"{path}?decoches={marieMatchId}#besoin-{needId}"));
        page = await PdEApplication.ParseAsync(await admin.GetAsync(added.Headers.Location.OriginalString));
        Assert.That(page.QuerySelectorAll("input[name=Ticked]").Where(i => !i.HasAttribute("checked")).Select(i => i.GetAttribute("value")),
            Is.EqualTo(new[] { marieMatchId }), "only Marie unticked, Camille ticked");
        var rows = Rows(page);
        Assert.That(rows["Camille Martin"].Why, Is.EqualTo("Ajouté à la main par Administrateur de démonstration"));

        // Marie unticked: she is dropped; the others get the need by e-mail.
        var ticked = rows.Where(r => r.Key != "Marie Lefebvre").Select(r => r.Value.MatchId).ToList();
        var sent = await PostAsync(admin, path, "Send", new(), ticked.Select(id => new KeyValuePair<string, string>("Ticked", id)));
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await BodyAsync(sent));
        // The demo's needs reach Camille too: hers is the e-mail about this need.
        var camilleMail = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "camille.martin@cci-paris-idf.example.fr")
            && (m.TextBody ?? "").Contains($"/conseiller/besoins/{needId}", StringComparison.Ordinal), Bound);
        Assert.That(camilleMail.TextBody, Does.Contain($"/conseiller/besoins/{needId}"));
        await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "julie.moreau@bpifrance.example.fr")
            && (m.TextBody ?? "").Contains($"/conseiller/besoins/{needId}", StringComparison.Ordinal), Bound);
        Assert.That(App.Smtp.Messages.Where(m => ToMarie(m) && (m.TextBody ?? "").Contains(needId, StringComparison.Ordinal)), Is.Empty);
        page = await RoutingPageAsync(admin, requestId);
        Assert.That(Rows(page).Keys, Is.EquivalentTo(rows.Keys.Where(k => k != "Marie Lefebvre")));
        Assert.That(Rows(page).Values.Select(r => r.Sent), Has.All.Contains("Envoyé le"));

        // The need page shows the team why each expert got it, and not the experts.
        var needPage = await PdEApplication.ParseAsync(await admin.GetAsync($"/conseiller/besoins/{needId}"));
        Assert.That(needPage.QuerySelectorAll(".match-explanation").Select(c => c.TextContent.Trim()),
            Has.Some.EqualTo("Ajouté à la main par Administrateur de démonstration").And.Some.StartsWith("Couvre Paris 11e Arrondissement"));

        // Camille sees it in her inbox.
        var camille = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        var inbox = await PdEApplication.ParseAsync(await camille.GetAsync("/conseiller/besoins"));
        Assert.That((await PdEApplication.ParseAsync(await camille.GetAsync($"/conseiller/besoins/{needId}"))).QuerySelectorAll(".match-explanation"), Is.Empty);
        Assert.That(inbox.QuerySelectorAll($"a[href='/conseiller/besoins/{needId}']"), Is.Not.Empty);
        // The routing page is the team's: an expert is refused it.
        var refused = await camille.GetAsync(path);
        Assert.That(refused.StatusCode, Is.AnyOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect, HttpStatusCode.NotFound));
        Assert.That(refused.Headers.Location?.OriginalString ?? "", Does.Not.Contain("orientation"));

        // Marie added after the fact gets the need at once.
        var marieId = (await PdEApplication.ParseAsync(await admin.GetAsync($"{path}?besoin={needId}&q=lefebvre")))
            .QuerySelector($"#resultats-{needId} input[name=ExpertId]")!.GetAttribute("value")!;
        await PostAsync(admin, path, "AddExpert", new() { ["NeedId"] = needId, ["ExpertId"] = marieId });
        await App.Smtp.WaitForAsync(m => ToMarie(m) && (m.TextBody ?? "").Contains(needId, StringComparison.Ordinal), Bound);

        // Followed from the need page, it is in « Suivis »; Julie's status set by hand is recorded.
        Assert.That((await PostAsync(admin, $"/conseiller/besoins/{needId}", "Follow", new())).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(camille, $"/conseiller/besoins/{needId}", "Follow", new())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
            "« Suivis » is the team's");
        var followed = await PdEApplication.ParseAsync(await admin.GetAsync("/conseiller/besoins/suivis"));
        Assert.That(followed.QuerySelectorAll($"#suivis a[href='/conseiller/besoins/{needId}']"), Is.Not.Empty);
        var julie = Rows(await RoutingPageAsync(admin, requestId))["Julie Moreau"].MatchId;
        var set = await PostAsync(admin, path, "SetStatus", new() { ["NeedId"] = needId, ["MatchId"] = julie, ["Status"] = "taking_care" });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await BodyAsync(set));
        Assert.That(Rows(await RoutingPageAsync(admin, requestId))["Julie Moreau"].Status, Is.EqualTo("Pris en charge"));
    }

    [Test]
    public async Task Sending_with_nobody_ticked_is_refused_in_french_and_keeps_the_drafts()
    {
        var requestId = await InsertRequestAsync("financer-projet", "Nous cherchons un prêt pour une camionnette.");
        var admin = await App.SignedInClientAsync();
        await PostAsync(admin, $"/conseiller/sollicitations/{requestId}", "ValidateAndSteer", []);
        var path = $"/conseiller/sollicitations/{requestId}/orientation";
        var before = Rows(await RoutingPageAsync(admin, requestId));

        var refused = await PostAsync(admin, path, "Send", new());

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await PdEApplication.ParseAsync(refused);
        Assert.That(page.QuerySelector("#refus")!.TextContent, Does.StartWith("Le besoin « Financer un projet ou un investissement » n’a aucun conseiller coché"));
        Assert.That(page.QuerySelectorAll("input[name=Ticked][checked]"), Is.Empty, "the team's (empty) ticks are kept");
        Assert.That(Rows(await RoutingPageAsync(admin, requestId)).Keys, Is.EquivalentTo(before.Keys));
    }

    private static bool ToMarie(MimeKit.MimeMessage message) =>
        message.To.Mailboxes.Any(a => a.Address.StartsWith("marie.lefebvre", StringComparison.Ordinal));

    /// <summary>The routing page once Matching has received the validation (bounded wait; says what was undelivered).</summary>
    private async Task<IHtmlDocument> RoutingPageAsync(HttpClient admin, Guid requestId)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var response = await admin.GetAsync($"/conseiller/sollicitations/{requestId}/orientation");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var page = await PdEApplication.ParseAsync(response);
            if (page.QuerySelector("#en-preparation") is null)
            {
                return page;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"the routing page of {requestId} was still in preparation after {Bound.TotalSeconds} s: {await App.UndeliveredEventsAsync()}");
            }

            await Task.Delay(100);
        }
    }

    private static Dictionary<string, (string MatchId, string Sent, string Why, string Status)> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("table tbody tr").ToDictionary(
            r => r.Children[1].QuerySelector("strong")!.TextContent,
            r => (r.QuerySelector("input[name=Ticked]")?.GetAttribute("value") ?? r.QuerySelector("input[name=MatchId]")?.GetAttribute("value") ?? "",
                r.Children[0].TextContent.Trim(), r.Children[2].TextContent.Trim(), r.Children[3].QuerySelector(".fr-badge")!.TextContent.Trim()));

    /// <summary>Posts a handler of <paramref name="path"/> with the page's anti-forgery token, as its button would.</summary>
    private static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string path, string handler, Dictionary<string, string> fields, IEnumerable<KeyValuePair<string, string>>? more = null)
    {
        var page = await PdEApplication.ParseAsync(await client.GetAsync(path));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new AssertionException($"no form on {path}");
        var values = fields.Append(new("__RequestVerificationToken", token)).Concat(more ?? []);
        return await client.PostAsync($"{path}?handler={handler}", new FormUrlEncodedContent(values));
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response) =>
        (await PdEApplication.ParseAsync(response)).QuerySelector(".fr-alert--error")?.TextContent.Trim() ?? $"status {(int)response.StatusCode}";

    private async Task<Guid> InsertRequestAsync(string subject, string description)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation
                (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name, naf_code)
            values (@id, 'Jeanne Martin', @email, '0612345678', '73282932000074', @subject, @description, 'received', clock_timestamp(),
                    '75111', 'BOULANGERIE MARTIN', '10.71C')
            """, new { id, subject, description, email = $"jeanne.{id:N}@boulangerie-martin.fr" });
        return id;
    }
}
