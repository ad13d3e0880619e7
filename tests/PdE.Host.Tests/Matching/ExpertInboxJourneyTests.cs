using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Matching;

/// <summary>
/// The demo advisor's inbox over HTTP: 26 needs make two pages whose links keep the search; the subject and date filters;
/// expired needs in their own tab; several needs declined at once with one reason, and a forged id refused.
/// </summary>
public sealed class ExpertInboxJourneyTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";
    private const string Path = "/conseiller/besoins";

    [Test]
    public async Task The_advisor_searches_filters_pages_and_declines_several_needs_at_once()
    {
        var connectionString = App.Database.ConnectionString;
        var needs = new List<(Guid NeedId, Guid MatchId)>();
        for (var i = 1; i <= 26; i++)
        {
            needs.Add(await InboxNeeds.SendAsync(connectionString, "Camille Martin", $"SCIERIE {i:00}", TimeSpan.FromMinutes(100 - i)));
        }

        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "CRÈCHE HÉLÈNE", TimeSpan.FromHours(1), subject: "transformation-numerique",
            description: "Créer notre site internet.");
        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "VIEILLE DEMANDE", TimeSpan.FromDays(46));
        await InboxNeeds.SendAsync(connectionString, "Camille Martin", "PAS ENCORE ENVOYÉE", TimeSpan.FromHours(2), draft: true);
        var thomas = await InboxNeeds.SendAsync(connectionString, "Thomas Nguyen", "SCIERIE DE THOMAS", TimeSpan.FromHours(3));
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);

        var inbox = await GetAsync(camille, Path);
        Assert.That(Counts(inbox), Is.EqualTo(new[] { 27, 0, 0, 0, 1 }), "reception, en cours, clôturés, refusés, expirés; the draft nowhere");
        Assert.That(inbox.QuerySelectorAll("#besoins h3").Select(h => h.TextContent).ToList(), Has.Count.EqualTo(25).And.Not.Contain("PAS ENCORE ENVOYÉE"));

        // The search keeps to two pages, and every link keeps it.
        var searched = await GetAsync(camille, $"{Path}?q=scierie");
        Assert.That(searched.QuerySelectorAll("#besoins h3").Select(h => h.TextContent).First(), Is.EqualTo("SCIERIE 01"), "the longest waiting first");
        var next = searched.QuerySelector("a.fr-pagination__link--next")!.GetAttribute("href");
        Assert.That(next, Does.Match("^\\?onglet=reception&q=scierie&page=2&apres=[0-9]+\\.[0-9a-f]{32}$"), "the page after the last need shown");
        Assert.That(searched.QuerySelector("#onglet-expires")!.GetAttribute("href"), Is.EqualTo($"{Path}?onglet=expires&q=scierie"));
        var second = await GetAsync(camille, Path + next);
        Assert.That(second.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "SCIERIE 26" }));
        Assert.That(second.QuerySelector(".fr-pagination__link[aria-current=page]")!.TextContent, Is.EqualTo("2"));
        Assert.That(second.QuerySelector("a.fr-pagination__link--prev")!.GetAttribute("href"), Is.EqualTo("?onglet=reception&q=scierie"), "back to the first page");
        var fromSecondPage = await DeclineAsync(camille, Path + next, [needs[25].MatchId], "Déjà accompagnée par un collègue");
        Assert.That(fromSecondPage.Headers.Location!.OriginalString, Is.EqualTo($"{Path}?onglet=reception&q=scierie&page=2"), "back to the same page");
        Assert.That((await GetAsync(camille, fromSecondPage.Headers.Location.OriginalString)).QuerySelector("[role=status]")!.TextContent,
            Is.EqualTo("1 besoin refusé."));

        // Accents and case do not matter; the subject filter lists the tab's subjects with their counts.
        var creche = await GetAsync(camille, $"{Path}?q=CRECHE+h%C3%A9LENE");
        Assert.That(creche.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "CRÈCHE HÉLÈNE" }));
        var options = inbox.QuerySelectorAll("#sujet option").Select(o => o.TextContent).ToList();
        Assert.That(options, Is.EqualTo(new[] { "Tous les sujets", "Développer mon activité grâce au numérique (1)", "Vendre à l’international (26)" }));
        var digital = await GetAsync(camille, $"{Path}?sujet=transformation-numerique");
        Assert.That(Counts(digital)[0], Is.EqualTo(1));

        // Dates are Paris days: nothing was received tomorrow.
        var tomorrow = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))).AddDays(1);
        var none = await GetAsync(camille, $"{Path}?du={tomorrow:yyyy-MM-dd}");
        Assert.That(Counts(none).Sum(), Is.Zero);
        Assert.That(none.QuerySelector("#aucun-besoin")!.TextContent, Is.EqualTo("Aucun besoin de cet onglet ne correspond à votre recherche."));
        Assert.That(none.QuerySelector<IHtmlInputElement>("#du")!.Value, Is.EqualTo(tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        var expired = await GetAsync(camille, $"{Path}?onglet=expires");
        Assert.That(expired.QuerySelectorAll("#besoins h3").Select(h => h.TextContent), Is.EqualTo(new[] { "VIEILLE DEMANDE" }));
        Assert.That(expired.QuerySelector("#onglet-expires")!.GetAttribute("aria-current"), Is.EqualTo("page"));
        Assert.That(expired.QuerySelector("#motif"), Is.Null, "several needs are declined from the reception only");

        // Decline three at once from the search's first page: back to the same search, in plain French.
        var declined = await DeclineAsync(camille, $"{Path}?q=scierie", [needs[0].MatchId, needs[1].MatchId, needs[2].MatchId], "Hors de mon secteur");
        Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(declined.Headers.Location!.OriginalString, Is.EqualTo($"{Path}?onglet=reception&q=scierie"));
        var after = await GetAsync(camille, declined.Headers.Location.OriginalString);
        Assert.That(after.QuerySelector("[role=status]")!.TextContent, Is.EqualTo("3 besoins refusés."));
        Assert.That(Counts(after), Is.EqualTo(new[] { 22, 0, 0, 4, 0 }), "under the search: the expired one is not a sawmill");
        var history = await GetAsync(camille, $"{Path}/{needs[0].NeedId}");
        Assert.That(history.QuerySelectorAll("#historique > li").Last().TextContent,
            Does.Contain("Camille Martin (CCI Paris Île-de-France) a refusé le besoin.").And.Contain("Motif : Hors de mon secteur"));

        // Thomas's match slipped among hers: nothing is declined, the page says why and keeps her ticks and reason.
        var forged = await DeclineAsync(camille, Path, [needs[3].MatchId, thomas.MatchId], "Hors de mon secteur");
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refusedPage = await PdEApplication.ParseAsync(forged);
        Assert.That(refusedPage.QuerySelector("[role=alert]")!.TextContent,
            Is.EqualTo("Vous ne pouvez refuser que les besoins adressés à vous-même, aux équipes dont vous êtes membre ou aux antennes dont vous êtes responsable. Rien n’a été refusé."));
        Assert.That(refusedPage.QuerySelector<IHtmlInputElement>($"#cocher-{needs[3].MatchId}")!.IsChecked, Is.True);
        Assert.That(refusedPage.QuerySelector<IHtmlInputElement>("#motif")!.Value, Is.EqualTo("Hors de mon secteur"));

        var withoutReason = await DeclineAsync(camille, Path, [needs[3].MatchId], " ");
        Assert.That((await PdEApplication.ParseAsync(withoutReason)).QuerySelector("[role=alert]")!.TextContent,
            Is.EqualTo("Indiquez en quelques mots pourquoi ces besoins ne sont pas pour vous : rien n’a été refusé."));

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @MatchId", new { thomas.MatchId }), Is.EqualTo("quo"));
        Assert.That(await connection.QuerySingleAsync<string>("select status from matching.match where id = @MatchId", new { needs[3].MatchId }), Is.EqualTo("quo"));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from matching.match_history"), Is.EqualTo(4));
    }

    /// <summary>GETs <paramref name="inboxPath"/>, ticks <paramref name="matchIds"/>, types the reason and presses « Ce n’est pas pour moi ».</summary>
    private static async Task<HttpResponseMessage> DeclineAsync(HttpClient client, string inboxPath, IEnumerable<Guid> matchIds, string reason)
    {
        var page = await GetAsync(client, inboxPath);
        var form = page.QuerySelector<IHtmlFormElement>("form#grille") ?? throw new AssertionException($"no grid on {inboxPath}");
        var values = form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.AddRange(matchIds.Select(id => new KeyValuePair<string, string>("MatchIds", id.ToString())));
        values.Add(new("DeclineReason", reason));
        var button = form.QuerySelectorAll<IHtmlButtonElement>("button[formaction]")
            .Single(b => b.GetAttribute("formaction")!.EndsWith("handler=Decline", StringComparison.Ordinal));
        return await client.PostAsync(button.GetAttribute("formaction"), new FormUrlEncodedContent(values));
    }

    private static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }

    /// <summary>The count of each tab, in their order.</summary>
    private static int[] Counts(IHtmlDocument inbox) =>
        new[] { "reception", "en-cours", "clotures", "refuses", "expires" }.Select(tab =>
            int.Parse(inbox.QuerySelector($"#onglet-{tab} .inbox-count")!.TextContent, CultureInfo.InvariantCulture)).ToArray();
}
