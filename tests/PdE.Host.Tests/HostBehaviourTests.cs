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
