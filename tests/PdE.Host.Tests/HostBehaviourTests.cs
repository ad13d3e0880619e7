using System.Net;

namespace PdE.Host.Tests;

public sealed class HostBehaviourTests : SiteTests
{
    [TestCase("/health")]
    [TestCase("/health/ready")]
    public async Task Health_endpoints_report_healthy(string path)
    {
        var response = await App.CreateClient().GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task An_unknown_page_gets_a_french_404_page()
    {
        var response = await App.CreateClient().GetAsync("/cette-page-n-existe-pas");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Page non trouvée"));
    }

    [Test]
    public async Task The_header_offers_the_public_links_to_visitors_and_each_agent_the_sections_of_their_roles()
    {
        static string[] Texts(AngleSharp.Html.Dom.IHtmlDocument page, string selector) =>
            page.QuerySelectorAll(selector).Select(a => a.TextContent.Trim()).ToArray();

        var visitor = await PdEApplication.ParseAsync(await App.CreateClient().GetAsync("/"));
        Assert.That(Texts(visitor, ".fr-header__tools-links a"), Is.EqualTo(new[] { "Déposer une demande", "Comment ça marche", "Statistiques", "Se connecter" }));
        Assert.That(visitor.QuerySelector("#navigation-agent"), Is.Null);

        var advisor = await App.SignedInClientAsync("camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026");
        var inbox = await PdEApplication.ParseAsync(await advisor.GetAsync("/conseiller/besoins"));
        Assert.That(Texts(inbox, ".fr-header__tools-links a"), Is.EqualTo(new[] { "Camille Martin", "Se déconnecter" }));
        Assert.That(Texts(inbox, "#navigation-agent a"), Is.EqualTo(new[] { "Besoins reçus", "Statistiques" }));
        Assert.That(Texts(inbox, "#navigation-agent a[aria-current=page]"), Is.EqualTo(new[] { "Besoins reçus" }));

        var admin = await App.SignedInClientAsync();
        var antennes = await PdEApplication.ParseAsync(await admin.GetAsync("/admin/annuaire/institutions/cma"));
        Assert.That(Texts(antennes, "#navigation-agent a"), Is.SupersetOf(new[]
        {
            "Sollicitations", "Annuaire", "Comptes", "Territoires", "Liste de blocage", "Clés API", "Statistiques",
        }));
        Assert.That(Texts(antennes, "#navigation-agent a[aria-current=page]"), Is.EqualTo(new[] { "Annuaire" }));
    }

    [TestCase("/")]
    [TestCase("/sujets/autre-demande/demande")]
    [TestCase("/stats")]
    public async Task Pages_are_served_with_security_headers(string path)
    {
        var response = await App.CreateClient().GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("fr"));
    }

    [Test]
    public async Task The_error_page_speaks_french_and_shows_no_technical_detail()
    {
        var response = await App.CreateClient().GetAsync("/erreur");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        var page = await PdEApplication.ParseAsync(response);
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Erreur inattendue"));
        Assert.That(page.Body!.TextContent, Does.Contain("Vos données déjà enregistrées sont conservées").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task A_made_up_receipt_link_is_not_found()
    {
        var response = await App.CreateClient().GetAsync($"/demande/envoyee/{Guid.NewGuid()}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
