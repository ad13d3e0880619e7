using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Host.Tests.Journeys;
using PdE.Host.Tests.Triage;
using Quartz;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// Journey 4 over HTTP: a request validated by the team reaches the demo advisor's inbox; she takes it, then closes it,
/// and the requester's follow-up page says so in plain French. Other agents cannot see or answer it.
/// </summary>
public sealed class ExpertAnswersJourneyTests : SiteTests
{
    private const string Requester = "jeanne.martin@boulangerie-martin.fr";
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";

    [Test]
    public async Task The_advisor_takes_then_closes_a_request_and_the_requester_s_follow_up_page_says_so()
    {
        var requester = App.CreateBrowserLikeClient();
        var followUp = await FileExportRequestAsync(requester);
        var needId = await ValidateAndWaitForNeedAsync();

        // The advisor finds it from her home, in her inbox.
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        var home = await PdEApplication.ParseAsync(await camille.GetAsync("/conseiller"));
        Assert.That(home.QuerySelector("#besoins-recus")!.GetAttribute("href"), Is.EqualTo("/conseiller/besoins"));
        var inbox = await PdEApplication.ParseAsync(await camille.GetAsync("/conseiller/besoins"));
        var (waiting, inProgress) = Counts(inbox);
        Assert.That(waiting, Is.GreaterThanOrEqualTo(1));
        Assert.That(inbox.QuerySelector("#onglet-reception")!.GetAttribute("aria-current"), Is.EqualTo("page"));
        Assert.That(inbox.QuerySelector($"#besoins a[href='/conseiller/besoins/{needId}']")!.TextContent, Is.EqualTo("BOULANGERIE MARTIN"));
        Assert.That(inbox.QuerySelector("#besoins .fr-card__detail")!.TextContent, Does.StartWith("Paris 11e Arrondissement (75011) · Reçu le "));

        var need = await PdEApplication.ParseAsync(await camille.GetAsync($"/conseiller/besoins/{needId}"));
        Assert.That(need.QuerySelector("h1")!.TextContent, Is.EqualTo("Besoin de BOULANGERIE MARTIN"));
        Assert.That(need.Body!.TextContent, Does.Contain("732 829 320 00074").And.Contain("Vendre à l’international"));
        Assert.That(need.QuerySelector("section[aria-labelledby=contact]")!.TextContent,
            Does.Contain("Jeanne Martin").And.Contain(Requester).And.Contain("06 12 34 56 78"));
        Assert.That(new[] { "lieu", "activite", "effectif", "creation" }.Select(fact => need.QuerySelector($"#entreprise-{fact}")!.TextContent), Is.EqualTo(new[]
        {
            "Paris 11e Arrondissement (75011), Paris", "Boulangerie et boulangerie-pâtisserie (NAF 10.71C)", "6 à 9 salariés", "15 mars 2012",
        }), "what the registry said of the company, in words");
        Assert.That(need.QuerySelector("#description")!.TextContent, Does.Contain("Nous voulons vendre nos viennoiseries en Belgique."));
        Assert.That(need.QuerySelectorAll("#conseillers tbody tr").Select(r => r.QuerySelector("td")!.TextContent),
            Is.EquivalentTo(new[] { "Camille Martin", "Thomas Nguyen", "Julie Moreau" }), "the other experts and their answers are listed");

        // Take: the follow-up page names her.
        var taken = await AnswerAsync(camille, needId, "Take");
        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var afterTake = await PdEApplication.ParseAsync(await camille.GetAsync(taken.Headers.Location));
        Assert.That(afterTake.QuerySelector("[role=status]")!.TextContent, Is.EqualTo("Vous avez pris ce besoin en charge : à vous d’appeler l’entreprise."));
        Assert.That(afterTake.QuerySelector("#a-vous-d-appeler")!.TextContent, Does.Contain("06 12 34 56 78"));
        Assert.That(afterTake.QuerySelector("#historique")!.TextContent, Does.Contain("Camille Martin (CCI Paris Île-de-France) a pris en charge le besoin."), "the history names the antenne");
        var page = await WaitForFollowUpAsync(requester, followUp, "#prise-en-charge");
        Assert.That(page.QuerySelector("#prise-en-charge .fr-alert__title")!.TextContent,
            Does.Match(@"^Prise en charge par Camille Martin, Chambre de commerce et d’industrie \(CCI\), le \w+ \d{1,2} \w+ \d{4}$"));
        Assert.That(page.QuerySelector(".fr-stepper__title")!.TextContent, Does.Contain("Étape 4 sur 5"));
        var tabs = await PdEApplication.ParseAsync(await camille.GetAsync("/conseiller/besoins?onglet=en-cours"));
        Assert.That(Counts(tabs), Is.EqualTo((waiting - 1, inProgress + 1)));
        Assert.That(tabs.QuerySelector($"#besoins a[href='/conseiller/besoins/{needId}']"), Is.Not.Null);

        // A stale form (taking it twice) is refused in French, on the page, and changes nothing.
        var twice = await AnswerAsync(camille, needId, "Take", fromPage: need);
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PdEApplication.ParseAsync(twice)).QuerySelector("[role=alert]")!.TextContent,
            Is.EqualTo("Impossible de prendre en charge ce besoin : son statut est « pris en charge »."));

        // Close with help: the follow-up says closed.
        var closed = await AnswerAsync(camille, needId, "CloseWithHelp");
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        page = await WaitForFollowUpAsync(requester, followUp, "#cloture");
        Assert.That(page.QuerySelector(".fr-stepper__title")!.TextContent, Does.Contain("Clôturée").And.Contain("Étape 5 sur 5"));
        Assert.That(page.QuerySelector("#cloture")!.TextContent, Does.Contain("Camille Martin, Chambre de commerce et d’industrie (CCI), vous a proposé une aide"));
        Assert.That(page.QuerySelector("#reponses")!.TextContent, Does.Contain("Prise en charge par Camille Martin, Chambre de commerce et d’industrie (CCI), le "));
        var closedTab = await PdEApplication.ParseAsync(await camille.GetAsync("/conseiller/besoins?onglet=clotures"));
        Assert.That(closedTab.QuerySelector($"#besoins a[href='/conseiller/besoins/{needId}']")!.TextContent, Is.EqualTo("BOULANGERIE MARTIN"));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.need where id = @needId", new { needId }), Is.EqualTo("done"));
        Assert.That(await connection.QueryAsync<string>("select to_status from matching.match_history where need_id = @needId order by occurred_at", new { needId }),
            Is.EqualTo(new[] { "taking_care", "done" }));
    }

    [Test]
    public async Task An_agent_of_another_expert_can_neither_see_nor_answer_the_need_and_a_post_needs_the_anti_forgery_token()
    {
        await FileExportRequestAsync(App.CreateBrowserLikeClient());
        var needId = await ValidateAndWaitForNeedAsync();
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        var camillePage = await PdEApplication.ParseAsync(await camille.GetAsync($"/conseiller/besoins/{needId}"));
        var lea = await InvitedAdvisorOfAnotherExpertAsync();

        Assert.That((await lea.GetAsync($"/conseiller/besoins/{needId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var leaInbox = await PdEApplication.ParseAsync(await lea.GetAsync("/conseiller/besoins"));
        Assert.That(leaInbox.QuerySelector("#onglet-reception .inbox-count")!.TextContent, Is.EqualTo("0"));

        // Léa replays Camille's form with her own session and token: refused, as if the need did not exist.
        var matchId = camillePage.QuerySelector<IHtmlInputElement>("form input[name=MatchId]")!.Value;
        var replay = await lea.PostAsync($"/conseiller/besoins/{needId}?handler=Take", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["MatchId"] = matchId,
            ["__RequestVerificationToken"] = await AntiForgeryTokenAsync(lea),
        }));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var withoutToken = await camille.PostAsync($"/conseiller/besoins/{needId}?handler=Take",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["MatchId"] = matchId }));
        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match_history where need_id = @needId", new { needId }), Is.Zero);

        // The admin sees every need, without answering for anyone.
        var admin = await App.SignedInClientAsync();
        var adminPage = await PdEApplication.ParseAsync(await admin.GetAsync($"/conseiller/besoins/{needId}"));
        Assert.That((adminPage.QuerySelector("h1")!.TextContent, adminPage.QuerySelector("form[method=post] input[name=MatchId]")),
            Is.EqualTo(("Besoin de BOULANGERIE MARTIN", (AngleSharp.Dom.IElement?)null)));
        Assert.That((await camille.GetAsync($"/conseiller/besoins/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await App.CreateBrowserLikeClient().GetAsync("/conseiller/besoins")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "anonymous visitors sign in first");
    }

    [Test]
    public async Task Ten_days_after_a_closure_with_help_the_requester_answers_the_survey_and_the_team_shares_it_with_the_advisor()
    {
        await FileExportRequestAsync(App.CreateBrowserLikeClient());
        var needId = await ValidateAndWaitForNeedAsync();
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);
        Assert.That((await AnswerAsync(camille, needId, "Take")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await AnswerAsync(camille, needId, "CloseWithHelp")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        // Ten days on, the morning job writes to the requester.
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("update matching.match set closed_at = closed_at - interval '10 days 1 hour' where need_id = @needId and status = 'done'", new { needId });
        var scheduler = await App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(new JobKey("send-satisfaction-surveys"));
        var email = await App.Smtp.WaitForAsync(m => m.Subject == "Votre avis sur l’aide reçue grâce à Place des Entreprises" && m.To.Mailboxes.Any(a => a.Address == Requester));
        Assert.That(email.TextBody, Does.Contain("Camille Martin (CCI Paris Île-de-France) a clôturé votre demande « Vendre à l’international » pour BOULANGERIE MARTIN"));
        var yes = new Uri(Regex.Match(email.TextBody!, @"Oui : (\S+/satisfaction/[A-Za-z0-9_-]{43}\?contacte=oui)").Groups[1].Value);
        var path = yes.AbsolutePath;

        // « Oui » in the e-mail opens the survey with the first question ticked, and records nothing yet.
        var requester = App.CreateBrowserLikeClient();
        var opened = await requester.GetAsync(yes.PathAndQuery);
        Assert.That(opened.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
        var form = await PdEApplication.ParseAsync(opened);
        Assert.That(form.QuerySelector<IHtmlInputElement>("#contacte-oui")!.IsChecked, Is.True);
        Assert.That(await connection.ExecuteScalarAsync<bool>("select answered_at is null from matching.satisfaction_survey where need_id = @needId", new { needId }), Is.True);

        // The second question forgotten: said in French, the comment kept.
        var missing = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(requester, path, new Dictionary<string, string>
        {
            ["Input.ContactedByExpert"] = "oui", ["Input.Comment"] = "Très réactive, merci.",
        }));
        Assert.That(missing.QuerySelector("title")!.TextContent, Does.StartWith("Erreur : "));
        Assert.That(missing.QuerySelector("#utile-erreur")!.TextContent, Is.EqualTo("Indiquez si l’échange avec le conseiller vous a été utile."));
        Assert.That(missing.QuerySelector("#commentaire")!.TextContent, Is.EqualTo("Très réactive, merci."));

        var answered = await PdEApplication.ParseAsync(await PdEApplication.SubmitFormAsync(requester, path, new Dictionary<string, string>
        {
            ["Input.ContactedByExpert"] = "oui", ["Input.UsefulExchange"] = "oui", ["Input.Comment"] = "Très réactive, merci.",
        }));
        Assert.That(answered.QuerySelector("#merci .fr-alert__title")!.TextContent, Is.EqualTo("Merci, votre réponse est enregistrée"));
        var again = await PdEApplication.ParseAsync(await requester.GetAsync(path));
        Assert.That(again.QuerySelector("#merci")!.TextContent, Does.Contain("Vous avez déjà répondu à ce questionnaire"));
        Assert.That(again.QuerySelector("form[method=post] textarea"), Is.Null, "one answer per survey");
        Assert.That((await requester.GetAsync("/satisfaction/" + new string('a', 43))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The team reads it, shares it; the advisor then reads it on the need's page.
        Assert.That((await PdEApplication.ParseAsync(await camille.GetAsync($"/conseiller/besoins/{needId}"))).QuerySelector("#avis-entreprise"), Is.Null, "not shared yet");
        var admin = await App.SignedInClientAsync();
        var list = await PdEApplication.ParseAsync(await admin.GetAsync("/conseiller/avis"));
        var card = list.QuerySelectorAll("#avis > li").Single(li => li.QuerySelector($"a[href='/conseiller/besoins/{needId}']") is not null);
        Assert.That(card.TextContent, Does.Contain("Très réactive, merci.").And.Contain("Échange utile : Oui"));
        var share = card.QuerySelector<IHtmlFormElement>("form")!;
        var shared = await admin.PostAsync(share.QuerySelector("button")!.GetAttribute("formaction"), new FormUrlEncodedContent(
            share.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value)));
        Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var needPage = await PdEApplication.ParseAsync(await camille.GetAsync($"/conseiller/besoins/{needId}"));
        Assert.That(needPage.QuerySelector("#avis-entreprise")!.TextContent, Does.Contain("Très réactive, merci.").And.Contain("Partagé avec vous par l’équipe"));

        // Stats keeps the answer (without the comment), and /stats counts it.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from stats.satisfaction_answer where need_id = @needId and useful_exchange)", new { needId }))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "waiting for Stats to keep the answer: " + await App.UndeliveredEventsAsync());
            await Task.Delay(50);
        }

        var stats = await PdEApplication.ParseAsync(await App.CreateBrowserLikeClient().GetAsync("/stats"));
        Assert.That(stats.QuerySelector("#satisfaction")!.TextContent, Is.EqualTo((1.0).ToString("P0", PdE.Shared.Text.French.Culture)), "the only contacted answer found it useful");
    }

    /// <summary>Files an export request for the demo bakery in Paris (Camille, Thomas and Julie cover it); returns the follow-up path.</summary>
    private async Task<string> FileExportRequestAsync(HttpClient client)
    {
        var before = App.Smtp.Messages.Count;
        var token = await SubmitAndRouteJourneyTests.StartAsync(client, "export");
        var step2 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/entreprise?recherche=73282932000074",
            new Dictionary<string, string> { ["Input.Siret"] = "73282932000074" });
        Assert.That(step2.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var step3 = await PdEApplication.SubmitFormAsync(client, $"/ma-demande/{token}/description", new Dictionary<string, string>
        {
            ["Input.Description"] = "Nous voulons vendre nos viennoiseries en Belgique.\r\nPar où commencer ?",
            ["Input.Answers[0]"] = "non",
        });
        Assert.That(step3.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var confirmation = await App.Smtp.WaitForAsync(m => App.Smtp.Messages.ToList().IndexOf(m) >= before && m.To.Mailboxes.Any(a => a.Address == Requester));
        return new Uri(Regex.Match(confirmation.TextBody!, @"https?://\S+/suivi/[A-Za-z0-9_-]{43}").Value).AbsolutePath;
    }

    /// <summary>The team validates the waiting request; returns its need once Matching routed it.</summary>
    private async Task<Guid> ValidateAndWaitForNeedAsync()
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var id = await connection.QuerySingleAsync<Guid>("select id from solicitations.solicitation where status = 'received'");
        await TriageDesk.ActAsync(await App.SignedInClientAsync(), "Validate", [id]);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var needId = await connection.QuerySingleOrDefaultAsync<Guid?>("select id from matching.need where solicitation_id = @id", new { id });
            if (needId is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new AssertionException("the validated request was not routed: " + await App.UndeliveredEventsAsync());
    }

    /// <summary>Presses the button of <paramref name="handler"/> in the advisor's answer form, from a fresh page or an earlier one (a stale form).</summary>
    private static async Task<HttpResponseMessage> AnswerAsync(HttpClient client, Guid needId, string handler, AngleSharp.Html.Dom.IHtmlDocument? fromPage = null)
    {
        var page = fromPage ?? await PdEApplication.ParseAsync(await client.GetAsync($"/conseiller/besoins/{needId}"));
        var form = page.QuerySelector<IHtmlFormElement>("form[method=post]") ?? throw new AssertionException("no answer form on the need page");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").ToDictionary(i => i.Name!, i => i.Value);
        var button = form.QuerySelectorAll<IHtmlButtonElement>("button[formaction]")
            .SingleOrDefault(b => b.GetAttribute("formaction")!.EndsWith($"handler={handler}", StringComparison.Ordinal))
            ?? throw new AssertionException($"no {handler} button on the need page");
        return await client.PostAsync(button.GetAttribute("formaction"), new FormUrlEncodedContent(values));
    }

    private static (int Waiting, int InProgress) Counts(IHtmlDocument inbox) =>
        (int.Parse(inbox.QuerySelector("#onglet-reception .inbox-count")!.TextContent, System.Globalization.CultureInfo.InvariantCulture),
         int.Parse(inbox.QuerySelector("#onglet-en-cours .inbox-count")!.TextContent, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Reloads the follow-up page until <paramref name="expected"/> (a CSS selector) shows: Solicitations learns from Matching's events.</summary>
    private async Task<IHtmlDocument> WaitForFollowUpAsync(HttpClient client, string path, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IHtmlDocument page;
        do
        {
            page = await PdEApplication.ParseAsync(await client.GetAsync(path));
            if (page.QuerySelector(expected) is not null)
            {
                return page;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"the follow-up page never showed {expected}: {page.QuerySelector("main, .fr-container")?.TextContent}; {await App.UndeliveredEventsAsync()}");
        return page;
    }

    /// <summary>Léa, invited by the admin as a member of Lucas Petit (CMA, who does not handle export), with her password chosen.</summary>
    private async Task<HttpClient> InvitedAdvisorOfAnotherExpertAsync()
    {
        const string email = "lea.dubois@cma-idf.example.fr";
        var admin = await App.SignedInClientAsync();
        var form = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/comptes/inviter"));
        var antenneId = form.QuerySelectorAll("#input-antenneid option").Single(o => o.TextContent.EndsWith("– CMA Île-de-France", StringComparison.Ordinal)).GetAttribute("value")!;
        var invited = await PdEApplication.SubmitFormAsync(admin, "/admin/comptes/inviter", new Dictionary<string, string>
        {
            ["Input.FullName"] = "Léa Dubois",
            ["Input.Email"] = email,
            ["Input.AntenneId"] = antenneId,
        });
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var invitation = await App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == email));
        var link = Regex.Match(invitation.TextBody!, "/compte/invitation/[A-Za-z0-9_-]+").Value;
        var lea = App.CreateBrowserLikeClient();
        await PdEApplication.SubmitFormAsync(lea, link, new Dictionary<string, string>
        {
            ["Input.Password"] = "le phare de Brest brille la nuit",
            ["Input.Confirmation"] = "le phare de Brest brille la nuit",
        });

        // Make her a member of Lucas Petit's expert, as the admin's user page would.
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        await connection.ExecuteAsync("""
            insert into directory.user_expert (user_id, expert_id)
            select u.id, e.id from directory.user_account u, directory.expert e where u.email = @email and e.full_name = 'Lucas Petit'
            """, new { email });
        return lea;
    }

    private static async Task<string> AntiForgeryTokenAsync(HttpClient client)
    {
        var page = await PdEApplication.ParseAsync(await client.GetAsync("/deconnexion"));
        return page.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")?.Value
            ?? throw new AssertionException("no anti-forgery token on /deconnexion");
    }
}
