using System.Net;
using AngleSharp.Html.Dom;

namespace PdE.Host.Tests.Legal;

/// <summary>
/// The footer's « Accessibilité », « Mentions légales », « Données personnelles » and « Plan du site » answer on every page,
/// with what the deployment's settings say of who publishes and hosts the service.
/// </summary>
public sealed class LegalPagesTests : SiteTests
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Legal:Publisher"] = "Direction de l’exemple",
        ["Legal:PublisherAddress"] = "1 rue de l’Exemple, 75000 Paris",
        ["Legal:PublicationDirector"] = "Camille Exemple",
        ["Legal:HostingProvider"] = "Hébergeur Exemple SAS",
        ["Legal:ContactEmail"] = "contact@exemple.gouv.fr",
        ["Retention:Years"] = "5",
        // Legal:HostingAddress and Legal:EmailProvider left unset.
    };

    [Test]
    public async Task Every_footer_link_of_the_home_page_answers()
    {
        using var client = App.CreateBrowserLikeClient();
        var home = await GetAsync(client, "/");
        var links = home.QuerySelectorAll("footer .fr-footer__bottom-link").Select(a => a.GetAttribute("href")!).ToList();

        Assert.That(links, Is.EquivalentTo(new[] { "/accessibilite", "/mentions-legales", "/donnees-personnelles", "/plan-du-site" }));
        foreach (var link in links)
        {
            await GetAsync(client, link);
        }
    }

    [TestCase("/accessibilite", "Déclaration d’accessibilité", "Direction de l’exemple s’engage")]
    [TestCase("/mentions-legales", "Mentions légales", "Camille Exemple")]
    [TestCase("/donnees-personnelles", "Données personnelles", "anonymisées 5 ans après leur dépôt")]
    public async Task A_legal_page_says_what_the_settings_say(string path, string title, string phrase)
    {
        using var client = App.CreateBrowserLikeClient();
        var page = await GetAsync(client, path);
        var text = page.QuerySelector("main")!.TextContent;

        Assert.That(page.QuerySelector("main h1")?.TextContent, Is.EqualTo(title));
        Assert.That(page.Title, Does.StartWith(title));
        Assert.That(text, Does.Contain(phrase));
        Assert.That(text, Does.Not.Contain("{{"), "a placeholder left unfilled");
        Assert.That(text, Does.Not.Contain("<"), "HTML written in the Markdown is shown as text: it is not allowed there");
        Assert.That(page.QuerySelectorAll("main h1"), Has.Length.EqualTo(1), "the Markdown's first heading is the page's only h1");
    }

    [Test]
    public async Task A_setting_left_unset_reads_as_not_given_and_the_contact_address_is_a_link()
    {
        using var client = App.CreateBrowserLikeClient();
        var page = await GetAsync(client, "/mentions-legales");

        Assert.That(page.QuerySelector("main")!.TextContent, Does.Contain("Hébergeur Exemple SAS").And.Contain("non renseigné"));
        Assert.That(page.QuerySelectorAll("main a[href='mailto:contact@exemple.gouv.fr']"), Is.Not.Empty);
    }

    [Test]
    public async Task The_site_map_lists_the_catalogue_and_every_link_answers()
    {
        using var client = App.CreateBrowserLikeClient();
        var map = await GetAsync(client, "/plan-du-site");
        var links = map.QuerySelectorAll("main ul a").Select(a => a.GetAttribute("href")!).ToList();

        Assert.That(links.Count(l => l.StartsWith("/themes/", StringComparison.Ordinal)), Is.GreaterThan(1));
        Assert.That(links.Count(l => l.StartsWith("/sujets/", StringComparison.Ordinal)), Is.GreaterThan(5));
        foreach (var link in links)
        {
            var response = await client.GetAsync(link);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), link);
        }
    }

    [Test]
    public async Task An_address_that_is_not_a_legal_page_is_not_found()
    {
        using var client = App.CreateBrowserLikeClient();
        var response = await client.GetAsync("/cgu");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<IHtmlDocument> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        return await PdEApplication.ParseAsync(response);
    }
}
