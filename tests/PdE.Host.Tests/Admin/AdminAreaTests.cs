using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Razor.Hosting;
using Dapper;
using Npgsql;

namespace PdE.Host.Tests.Admin;

/// <summary>Every page under /admin, whichever module it lives in: anonymous → sign-in, agent → 403, admin → 200.</summary>
public sealed class AdminAreaTests : SiteTests
{
    // The demo accounts printed at start-up by the embedded default.
    private const string AdminEmail = "admin@place-des-entreprises.example.fr";
    private const string AdminPassword = "demo-admin-pde-2026";
    private const string AdvisorEmail = "camille.martin@cci-paris-idf.example.fr";
    private const string AdvisorPassword = "demo-conseillere-2026";

    /// <summary>Every compiled /admin route template.</summary>
    public static IEnumerable<string> AdminPages()
    {
        var modules = new[] { "PdE.Solicitations", "PdE.Directory", "PdE.Matching", "PdE.Notifications", "PdE.Stats", "PdE.Host" };
        var routes = modules.Select(Assembly.Load)
            .SelectMany(a => a.GetCustomAttributes<RazorCompiledItemAttribute>())
            .SelectMany(i => i.Type.GetCustomAttributes<RazorCompiledItemMetadataAttribute>())
            .Where(m => m.Key == "RouteTemplate" && m.Value.TrimStart('/').StartsWith("admin", StringComparison.Ordinal))
            .Select(m => "/" + m.Value.TrimStart('/'))
            .ToList();
        Assert.That(routes, Is.Not.Empty);
        return routes;
    }

    /// <summary>Fills a route's parameters with demo data.</summary>
    private async Task<string> PathAsync(string route)
    {
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        var antenneId = await connection.ExecuteScalarAsync<Guid>("select id from directory.antenne where name = 'CCI Paris Île-de-France'");
        var expertId = await connection.ExecuteScalarAsync<Guid>("select id from directory.expert where email = 'camille.martin@cci-paris-idf.example.fr'");
        var userId = await connection.ExecuteScalarAsync<Guid>("select id from directory.user_account where email = 'camille.martin@cci-paris-idf.example.fr'");
        var territoryId = await connection.ExecuteScalarAsync<Guid>("select id from directory.territory where name = 'Bassin d’emploi de Roubaix-Tourcoing'");
        if (route == "/admin/e-mails/{id:guid}")
        {
            // A stored e-mail of its own (the demo data has none until something is sent).
            var emailId = Guid.CreateVersion7();
            await connection.ExecuteAsync("""
                insert into notifications.email (id, template, recipient, subject, html_body, text_body)
                values (@emailId, 'UserInvited', 'lea.dubois@cma-idf.example.fr', 'Votre compte Place des Entreprises', '<p>Bonjour</p>', 'Bonjour')
                """, new { emailId });
            return $"/admin/e-mails/{emailId}";
        }

        var path = route.Replace("{slug}", "cci", StringComparison.Ordinal)
            .Replace("{template}", "MatchCreated", StringComparison.Ordinal)
            .Replace("{id:guid}", antenneId.ToString(), StringComparison.Ordinal)
            .Replace("{expertId:guid}", expertId.ToString(), StringComparison.Ordinal)
            .Replace("{userId:guid}", userId.ToString(), StringComparison.Ordinal)
            .Replace("{territory:guid?}", territoryId.ToString(), StringComparison.Ordinal)
            .Replace("{territory}", "departement-69", StringComparison.Ordinal)
            .Replace("{theme}", "financement-tresorerie", StringComparison.Ordinal)
            .Replace("{subject}", "financer-projet", StringComparison.Ordinal)
            .Replace("{landing}", "relance", StringComparison.Ordinal);
        Assert.That(path, Does.Not.Contain("{"), $"give the route parameters of {route} a demo value");
        return path;
    }

    [TestCaseSource(nameof(AdminPages))]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page(string route)
    {
        var response = await App.CreateBrowserLikeClient().GetAsync(await PathAsync(route));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Does.Contain("/connexion"));
    }

    [TestCaseSource(nameof(AdminPages))]
    public async Task An_advisor_who_is_not_admin_gets_a_french_403(string route)
    {
        var client = await App.SignedInClientAsync(AdvisorEmail, AdvisorPassword);

        var response = await client.GetAsync(await PathAsync(route));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Accès refusé"));
    }

    [TestCaseSource(nameof(AdminPages))]
    public async Task An_admin_sees_the_page(string route)
    {
        var client = await App.SignedInClientAsync(AdminEmail, AdminPassword);

        var response = await client.GetAsync(await PathAsync(route));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_directory_pages_lead_from_institutions_to_antennes_to_experts()
    {
        var client = await App.SignedInClientAsync(AdminEmail, AdminPassword);

        var list = await PdEApplication.ParseAsync(await client.GetAsync("/admin/annuaire?q=commerce"));
        var institutionLink = list.QuerySelector("table a")!.GetAttribute("href")!;
        var institution = await PdEApplication.ParseAsync(await client.GetAsync(institutionLink));
        var antenneLink = institution.QuerySelectorAll("table a").First(a => a.TextContent == "CCI Paris Île-de-France").GetAttribute("href")!;
        var antenne = await PdEApplication.ParseAsync(await client.GetAsync(antenneLink));

        Assert.That(institutionLink, Is.EqualTo("/admin/annuaire/institutions/cci"));
        Assert.That(antenne.QuerySelector("h1")!.TextContent, Is.EqualTo("CCI Paris Île-de-France"));
        Assert.That(antenne.QuerySelectorAll("tbody th").Select(th => th.TextContent), Has.Some.StartsWith("Camille Martin"));
        Assert.That(antenne.Body!.TextContent, Does.Contain("Paris (75) : tout le département"));
    }
}
