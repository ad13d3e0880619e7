using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dapper;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Search;

/// <summary>
/// The header's search box over HTTP: what each role finds (the team everything; an expert the needs sent to them; a manager
/// also their antennes'), accent- and case-insensitive, grouped by kind. The same results whichever way the modules look the
/// words up (<see cref="SearchFindsByIndexTests"/>, <see cref="SearchFindsWalkingTests"/>, <see cref="SearchFindsForBusyAgentsTests"/>).
/// </summary>
public abstract class SearchFindsTests : SiteTests
{
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";
    private const string Siret = "73282932000074";

    [Test]
    public async Task The_team_finds_requests_needs_companies_advisers_and_antennes_whatever_the_accents_and_case()
    {
        var connectionString = App.Database.ConnectionString;
        var requestId = await FileRequestAsync(connectionString, "CRÈMERIE DES ÉCLUSES", "Hélène Dupré");
        var need = await InboxNeeds.SendAsync(connectionString, "Camille Martin", "CRÈMERIE DES ÉCLUSES", TimeSpan.FromHours(1),
            description: "Nous voulons développer la vente de fromages affinés.");
        var admin = await App.SignedInClientAsync();

        var page = await SearchAsync(admin, "cremerie ECLUSES");

        Assert.That(Links(page, "#resultats-demandes"), Is.EqualTo(new[] { ($"/conseiller/sollicitations/{requestId}", "CRÈMERIE DES ÉCLUSES") }));
        Assert.That(Links(page, "#resultats-besoins").Select(l => l.Href), Is.EqualTo(new[] { $"/conseiller/besoins/{need.NeedId}" }));
        Assert.That(Links(page, "#resultats-entreprises"), Is.EqualTo(new[] { ($"/conseiller/sollicitations?q={Siret}", "CRÈMERIE DES ÉCLUSES") }));
        Assert.That(page.QuerySelector("#resultats-entreprises li")!.TextContent, Does.Contain("SIRET 732 829 320 00074").And.Contain("1 demande, 1 besoin"));
        Assert.That(page.QuerySelector("#recherche-resume")!.TextContent, Does.Contain("1 demande, 1 besoin, 0 conseiller, 0 antenne"));
        Assert.That(page.QuerySelector("#resultats-demandes a[href^='/conseiller/sollicitations?q=']"), Is.Not.Null, "the rest is on the desk");

        Assert.That(Links(await SearchAsync(admin, "helene dupre")).Select(l => l.Href), Does.Contain($"/conseiller/sollicitations/{requestId}"), "the requester's name");
        Assert.That(Links(await SearchAsync(admin, "fromages affines"), "#resultats-besoins").Select(l => l.Href), Is.EqualTo(new[] { $"/conseiller/besoins/{need.NeedId}" }), "the description");
        Assert.That(Links(await SearchAsync(admin, "732 829 320"), "#resultats-entreprises").Select(l => l.Href), Does.Contain($"/conseiller/sollicitations?q={Siret}"), "a SIREN typed with spaces");

        var advisers = await SearchAsync(admin, "CAMILLE martin");
        Assert.That(Links(advisers, "#resultats-conseillers").Select(l => l.Text), Is.EqualTo(new[] { "Camille Martin" }));
        Assert.That(Links(advisers, "#resultats-conseillers")[0].Href, Does.StartWith("/admin/annuaire/experts/"));
        var antennes = await SearchAsync(admin, "cci lyon");
        Assert.That(Links(antennes, "#resultats-antennes").Select(l => l.Text), Is.EqualTo(new[] { "CCI Lyon Métropole Saint-Étienne Roanne" }));
        Assert.That(Links(antennes, "#resultats-antennes")[0].Href, Does.StartWith("/admin/annuaire/antennes/"));

        var none = await SearchAsync(admin, "zzqx introuvable");
        Assert.That(none.QuerySelector("#recherche-vide")!.TextContent, Does.Contain("Aucun résultat pour « zzqx introuvable »"));
    }

    [Test]
    public async Task An_expert_finds_only_the_needs_sent_to_them_and_a_manager_also_those_of_their_antennes()
    {
        var connectionString = App.Database.ConnectionString;
        await FileRequestAsync(connectionString, "FROMAGERIE DU PONT", "Paul Roux");
        var own = await InboxNeeds.SendAsync(connectionString, "Camille Martin", "FROMAGERIE DU PONT", TimeSpan.FromHours(1));
        var colleague = await InboxNeeds.SendAsync(connectionString, "Julie Moreau", "FROMAGERIE DU PONT", TimeSpan.FromHours(2), subject: "financer-projet");
        var camille = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);

        var page = await SearchAsync(camille, "fromagerie pont");

        Assert.That(Links(page, "#resultats-besoins").Select(l => l.Href), Is.EqualTo(new[] { $"/conseiller/besoins/{own.NeedId}" }));
        Assert.That(page.QuerySelector("#resultats-demandes"), Is.Null, "requests are the team's");
        Assert.That(Links(page, "#resultats-entreprises"), Is.EqualTo(new[] { ($"/conseiller/besoins?q={Siret}", "FROMAGERIE DU PONT") }));
        Assert.That(page.QuerySelector("#resultats-entreprises li")!.TextContent, Does.Contain("1 besoin").And.Not.Contain("demande"));
        Assert.That(page.QuerySelector("#resultats-besoins a[href='/conseiller/besoins?q=fromagerie%20pont']"), Is.Not.Null, "the rest is in her inbox");
        Assert.That((await SearchAsync(camille, "camille martin")).QuerySelector("#resultats-conseillers"), Is.Null, "the directory is the team's");
        Assert.That((await SearchAsync(camille, "cci lyon")).QuerySelector("#resultats-antennes"), Is.Null);

        // Managing Julie Moreau's antenne, she also finds the need sent there.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.ExecuteAsync("""
                insert into directory.user_role (user_id, role, antenne_id)
                select u.id, 'antenne_manager', a.id from directory.user_account u, directory.antenne a
                where u.email = @AdvisorEmail and a.name = 'Bpifrance Paris'
                """, new { AdvisorEmail });
        }

        var asManager = await SearchAsync(camille, "fromagerie pont");
        Assert.That(Links(asManager, "#resultats-besoins").Select(l => l.Href), Is.EquivalentTo(new[] { $"/conseiller/besoins/{own.NeedId}", $"/conseiller/besoins/{colleague.NeedId}" }));
        Assert.That(asManager.QuerySelector("#resultats-entreprises li")!.TextContent, Does.Contain("2 besoins"));
    }

    internal static async Task<Guid> FileRequestAsync(string connectionString, string company, string requester)
    {
        var id = Guid.CreateVersion7();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            insert into solicitations.solicitation (id, status, full_name, email, phone, subject_slug, description, siret, company_name,
                                                    commune_code, submitted_at, created_at, updated_at)
            values (@id, 'received', @requester, 'contact@example.fr', '0102030405', 'export', 'Nous voulons exporter en Belgique.', @Siret, @company,
                    '75111', now(), now(), now())
            """, new { id, requester, company, Siret });
        return id;
    }

    internal static async Task<IHtmlDocument> SearchAsync(HttpClient client, string text)
    {
        var response = await client.GetAsync($"/conseiller/recherche?q={Uri.EscapeDataString(text)}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return await PdEApplication.ParseAsync(response);
    }

    private static List<(string Href, string Text)> Links(IHtmlDocument page, string section = "main") =>
        page.QuerySelectorAll($"{section} li a").Select(a => (a.GetAttribute("href")!, a.TextContent.Trim())).ToList();
}

/// <summary>Rare words through the trigram indexes; an expert with few matches through their matches (the defaults).</summary>
public sealed class SearchFindsByIndexTests : SearchFindsTests;

/// <summary>Every word taken for a common one: the team's search walks requests and needs from the newest, an agent's their matches.</summary>
public sealed class SearchFindsWalkingTests : SearchFindsTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:CommonWordsPast"] = "0",
        ["Inbox:SearchNeedsPast"] = "0",
    };
}

/// <summary>Every agent taken for one with too many matches to read: their rare words through the needs' index.</summary>
public sealed class SearchFindsForBusyAgentsTests : SearchFindsTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Search:CommonWordsPast"] = "1000000000",
        ["Inbox:SearchNeedsPast"] = "0",
    };
}

/// <summary>The box in the header, an empty search, a search too long, a visitor.</summary>
public sealed class SearchBoxTests : SiteTests
{
    [Test]
    public async Task The_box_is_in_every_agent_page_header_and_a_search_too_long_is_refused_in_french()
    {
        var admin = await App.SignedInClientAsync();
        var home = await PdEApplication.ParseAsync(await admin.GetAsync("/conseiller"));
        var box = home.QuerySelector<IHtmlFormElement>("#recherche-en-tete")!;
        Assert.That(box.GetAttribute("action"), Is.EqualTo("/conseiller/recherche"));
        Assert.That(box.QuerySelector("input[name=q]"), Is.Not.Null);
        var visitor = App.CreateBrowserLikeClient();
        Assert.That((await PdEApplication.ParseAsync(await visitor.GetAsync("/"))).QuerySelector("#recherche-en-tete"), Is.Null, "visitors have no box");

        var empty = await SearchFindsTests.SearchAsync(admin, "");
        Assert.That(empty.QuerySelector("#recherche-resume"), Is.Null);
        Assert.That(empty.QuerySelector("#recherche-erreur"), Is.Null);

        var tooLong = await SearchFindsTests.SearchAsync(admin, new string('a', 201));
        Assert.That(tooLong.QuerySelector("#recherche-erreur")!.TextContent, Does.Contain("Votre recherche compte 201 caractères : raccourcissez-la à 200 caractères au plus"));
        Assert.That(tooLong.QuerySelector("title")!.TextContent, Does.StartWith("Erreur"));
        Assert.That(tooLong.QuerySelector<IHtmlInputElement>("#recherche-champ")!.Value, Has.Length.EqualTo(201), "what was typed is kept");

        var response = await visitor.GetAsync("/conseiller/recherche?q=boulangerie");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Does.Contain("/connexion"));
    }

}
